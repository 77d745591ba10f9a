import type MarkdownIt from 'markdown-it';
import type { ItemStatus } from '../record/recordTypes';
import { classifyChecklistLines } from './checklistLines';
import { countStatuses, formatProgress, STATUS_CLASS } from './progressSummary';
import { isRecordDocument } from './recordDetection';

/**
 * Settings are read through callbacks, not captured once, so a change of setting shows in
 * the next render of the preview without reloading the window. Each callback gets the
 * document being rendered (`env.currentDocument`, as given), so that a multi-root window
 * reads the setting of the document's own folder, as the editor does.
 */
export interface StatusPluginOptions {
  /** Workspace-relative folder whose markdown files are records. */
  readonly checklistsFolder?: (document: unknown) => string;
  /** Treat every markdown document as a record. */
  readonly allMarkdown?: (document: unknown) => boolean;
}

/**
 * A markdown-it plugin that gives each checklist item of a deployment record a status class
 * (`dr-status-done`, `dr-status-failed`, `dr-status-in-progress`, `dr-status-skipped`,
 * `dr-status-blocked`, `dr-status-pending`) and a `data-dr-status` attribute, and puts a
 * progress summary (`14/20 done · 1 failed · 2 skipped`) at the top of the record.
 *
 * Only attributes and text tokens are added, both escaped by markdown-it's renderer, so the
 * record's text never becomes markup whatever the `html` option says. Documents that are not
 * records (no `Deployment Metadata` heading, not in the checklists folder) render unchanged.
 * The document's path comes from `env.currentDocument` (a `vscode.Uri` in the preview, a
 * string or `{ path }` elsewhere).
 */
export function deploymentStatusPlugin(md: MarkdownIt, options: StatusPluginOptions = {}): void {
  md.core.ruler.push('deployment_record_status', (state) => {
    try {
      annotate(state, options);
    } catch {
      // A preview that renders without highlighting beats one that does not render at all.
    }
  });
  md.renderer.rules.deployment_record_progress = (tokens, idx) => {
    const token = tokens[idx];
    const total = Number(token.attrGet('data-dr-total')) || 0;
    const done = Number(token.attrGet('data-dr-done')) || 0;
    const escape = md.utils.escapeHtml;
    return `<div class="dr-progress" data-dr-total="${total}" data-dr-done="${done}">`
      + `<progress class="dr-progress-bar" max="${total}" value="${done}"></progress>`
      + `<span class="dr-progress-text">${escape(token.content)}</span></div>\n`;
  };
}

function annotate(state: MarkdownIt.StateCore, options: StatusPluginOptions): void {
  const document = currentDocument(state.env);
  const isRecord = isRecordDocument({
    path: documentPath(document),
    text: state.src,
    checklistsFolder: options.checklistsFolder?.(document),
    allMarkdown: options.allMarkdown?.(document)
  });
  if (!isRecord) {
    return;
  }
  // The same classification as the editor decorations, so editor and preview always agree.
  const byLine = new Map<number, ItemStatus>();
  for (const item of classifyChecklistLines(state.src.split('\n'))) {
    byLine.set(item.line, item.status);
  }
  const statuses: ItemStatus[] = [];
  for (const token of state.tokens) {
    const status = token.type === 'list_item_open' && token.map ? byLine.get(token.map[0]) : undefined;
    if (!status) {
      continue;
    }
    token.attrJoin('class', STATUS_CLASS[status]);
    token.attrSet('data-dr-status', status);
    statuses.push(status);
  }
  if (statuses.length === 0) {
    return;
  }
  const counts = countStatuses(statuses);
  const progress = new state.Token('deployment_record_progress', 'div', 0);
  progress.block = true;
  progress.content = formatProgress(counts);
  progress.attrSet('data-dr-total', String(counts.total));
  progress.attrSet('data-dr-done', String(counts.done));
  state.tokens.unshift(progress);
}

function currentDocument(env: unknown): unknown {
  return env && typeof env === 'object' ? (env as { currentDocument?: unknown }).currentDocument : undefined;
}

function documentPath(current: unknown): string | undefined {
  if (typeof current === 'string') {
    return current;
  }
  if (current && typeof current === 'object') {
    const uri = current as { fsPath?: unknown; path?: unknown };
    if (typeof uri.path === 'string') {
      return uri.path;
    }
    if (typeof uri.fsPath === 'string') {
      return uri.fsPath;
    }
  }
  return undefined;
}
