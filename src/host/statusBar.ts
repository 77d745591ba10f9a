import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { formatClock, phaseClock } from '../core/phaseClock';
import type { ActiveDeployments } from './activeDeployment';
import type { StoredRecord } from './recordStore';

/** Internal command behind a click on the status bar item; not contributed to the palette. */
export const SHOW_ACTIONS_COMMAND = 'deploymentRecords.showActions';

const TICK_MS = 1000;

/** Record text is data: keep it from being read as `$(icon)` syntax in the status bar. */
function plainLabel(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(').replace(/[\r\n]+/g, ' ').slice(0, 80);
}

function recordLabel(record: StoredRecord): string {
  return plainLabel(record.parsed.id ?? record.parsed.fileName ?? 'Deployment');
}

/** `$(rocket) DEP-… · <Phase> mm:ss`, or just the elapsed time before any phase is marked. */
export function statusText(record: StoredRecord, nowMs: number): string {
  const clock = phaseClock(record.parsed, nowMs);
  const phase = clock.phase === undefined ? 'Started' : plainLabel(clock.phase);
  const seconds = clock.phase === undefined ? clock.totalElapsedSeconds : clock.phaseElapsedSeconds;
  return `$(rocket) ${recordLabel(record)} · ${phase} ${formatClock(seconds)}`;
}

/** Tooltip: every phase's time so far. appendText escapes, and neither HTML nor command links are enabled. */
export function statusTooltip(record: StoredRecord, nowMs: number): vscode.MarkdownString {
  const clock = phaseClock(record.parsed, nowMs);
  const tooltip = new vscode.MarkdownString(undefined, false);
  tooltip.isTrusted = false;
  tooltip.supportHtml = false;
  tooltip.appendMarkdown('**');
  tooltip.appendText(record.parsed.id ?? record.parsed.fileName ?? 'Deployment');
  tooltip.appendMarkdown('**');
  if (record.parsed.environment) {
    tooltip.appendText(` (${record.parsed.environment})`);
  }
  tooltip.appendMarkdown('\n\n');
  for (const phase of clock.phases) {
    tooltip.appendMarkdown('- ');
    tooltip.appendText(`${phase.name}: ${formatClock(phase.seconds)}${phase.running ? ' (running)' : ''}`);
    tooltip.appendMarkdown('\n');
  }
  tooltip.appendMarkdown('\n');
  tooltip.appendText(`Total: ${formatClock(clock.totalElapsedSeconds)}`);
  tooltip.appendMarkdown('\n\nClick for the next steps.');
  return tooltip;
}

/**
 * One status bar item that shows the active deployment of the current folder (the active
 * editor's folder in a multi-root workspace). It ticks every second with one interval, and
 * only while it is visible.
 */
export class DeploymentStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private shown: StoredRecord | undefined;
  private recovering: StoredRecord | undefined;

  constructor(private readonly deployments: ActiveDeployments) {
    this.item = vscode.window.createStatusBarItem('deploymentRecords.activeDeployment', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Active Deployment';
    this.item.command = SHOW_ACTIONS_COMMAND;
    this.disposables.push(
      this.item,
      deployments.onDidChange(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update())
    );
    this.update();
  }

  /** What the item shows now; undefined while hidden. Exposed for tests. */
  get text(): string | undefined {
    return this.shown ? this.item.text : undefined;
  }

  get tooltip(): string | undefined {
    const tooltip = this.item.tooltip;
    return this.shown ? (typeof tooltip === 'string' ? tooltip : tooltip?.value) : undefined;
  }

  update(): void {
    const folder = this.deployments.currentFolder();
    const record = folder ? this.deployments.get(folder)?.active : undefined;
    this.shown = record;
    if (!record) {
      this.stopTicking();
      this.item.hide();
      return;
    }
    this.render();
    this.item.show();
    if (!this.timer) {
      this.timer = setInterval(() => this.render(), TICK_MS);
    }
  }

  private render(): void {
    if (!this.shown) {
      return;
    }
    this.recoverIfGone(this.shown);
    const now = Date.now();
    this.item.text = statusText(this.shown, now);
    this.item.tooltip = statusTooltip(this.shown, now);
  }

  /**
   * File watchers can drop events (a burst of renames, a network drive), and then the active
   * record may be a file that no longer exists. The tick checks, and re-reads the folder once.
   */
  private recoverIfGone(record: StoredRecord): void {
    if (record.uri.scheme !== 'file' || this.recovering === record || fs.existsSync(record.uri.fsPath)) {
      return;
    }
    this.recovering = record;
    const folder = vscode.workspace.getWorkspaceFolder(record.uri);
    if (folder) {
      void this.deployments.refresh(folder);
    }
  }

  private stopTicking(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  dispose(): void {
    this.stopTicking();
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
