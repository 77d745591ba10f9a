import * as vscode from 'vscode';
import type { ItemStatus } from '../core/record/recordTypes';
import { createChecklistClassifier, splitLines } from '../core/markdown/checklistLines';
import { isRecordTextDocument } from './recordDocuments';

const STATUSES: readonly ItemStatus[] = ['done', 'failed', 'inProgress', 'skipped', 'blocked', 'pending'];

/** Typing fires an event per keystroke; one pass after the burst is enough. */
const TYPING_DEBOUNCE_MS = 100;

/** Lines per status, as the editor currently shows them. */
export type StatusLines = Record<ItemStatus, number[]>;

/** What the decoration layer exposes to the rest of the host (and to the integration tests). */
export interface StatusDecorations {
  /**
   * What the editors of a document show: `decorated` is false for documents that are not
   * records. Undefined until the document has been shown in an editor.
   */
  linesFor(uri: vscode.Uri): { decorated: boolean; lines: StatusLines } | undefined;
}

/** Colour ids as contributed in package.json (`contributes.colors`). */
function colorId(status: ItemStatus, part: 'Background' | 'OverviewRuler'): string {
  return `deploymentRecords.${status}${part}`;
}

function emptyLines(): StatusLines {
  return { done: [], failed: [], inProgress: [], skipped: [], blocked: [], pending: [] };
}

/**
 * Highlights checklist lines of records by status. The six decoration types are created
 * here, once, and disposed with the extension; updates are debounced while typing and
 * immediate when an editor becomes visible.
 */
export function registerStatusDecorations(context: vscode.ExtensionContext): StatusDecorations {
  const types = new Map<ItemStatus, vscode.TextEditorDecorationType>();
  for (const status of STATUSES) {
    const type = vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      backgroundColor: new vscode.ThemeColor(colorId(status, 'Background')),
      overviewRulerColor: new vscode.ThemeColor(colorId(status, 'OverviewRuler')),
      overviewRulerLane: vscode.OverviewRulerLane.Left
    });
    types.set(status, type);
    context.subscriptions.push(type);
  }

  // Keyed by document, with the version the lines were computed for, so switching back to an
  // unchanged editor costs nothing.
  const cache = new Map<string, { version: number; lines: StatusLines | undefined }>();
  // One incremental classifier per document: an edit re-detects only the lines it touched.
  const classifiers = new Map<string, ReturnType<typeof createChecklistClassifier>>();
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  // What each document's editors show right now; the test hook reads this, not a fresh scan.
  const applied = new Map<string, StatusLines | undefined>();

  const compute = (doc: vscode.TextDocument): StatusLines | undefined => {
    const key = doc.uri.toString();
    const cached = cache.get(key);
    if (cached && cached.version === doc.version) {
      return cached.lines;
    }
    let lines: StatusLines | undefined;
    if (isRecordTextDocument(doc)) {
      lines = emptyLines();
      let classify = classifiers.get(key);
      if (!classify) {
        classify = createChecklistClassifier();
        classifiers.set(key, classify);
      }
      for (const item of classify(splitLines(doc.getText()))) {
        lines[item.status].push(item.line);
      }
    }
    cache.set(key, { version: doc.version, lines });
    return lines;
  };

  const apply = (editor: vscode.TextEditor): void => {
    const lines = compute(editor.document);
    applied.set(editor.document.uri.toString(), lines);
    for (const status of STATUSES) {
      const ranges = (lines?.[status] ?? []).map((line) => new vscode.Range(line, 0, line, 0));
      editor.setDecorations(types.get(status)!, ranges);
    }
  };

  const applyToDocument = (doc: vscode.TextDocument): void => {
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document === doc) {
        apply(editor);
      }
    }
  };

  const refreshAll = (): void => {
    cache.clear();
    vscode.window.visibleTextEditors.forEach(apply);
  };

  context.subscriptions.push(
    vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach(apply)),
    vscode.window.onDidChangeActiveTextEditor((editor) => editor && apply(editor)),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length === 0) {
        return;
      }
      const key = event.document.uri.toString();
      clearTimeout(pending.get(key));
      pending.set(key, setTimeout(() => {
        pending.delete(key);
        if (!event.document.isClosed) {
          applyToDocument(event.document);
        }
      }, TYPING_DEBOUNCE_MS));
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      const key = doc.uri.toString();
      cache.delete(key);
      classifiers.delete(key);
      applied.delete(key);
      clearTimeout(pending.get(key));
      pending.delete(key);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('deploymentRecords')) {
        refreshAll();
      }
    }),
    { dispose: () => pending.forEach((timer) => clearTimeout(timer)) }
  );
  vscode.window.visibleTextEditors.forEach(apply);

  return {
    linesFor(uri) {
      const key = uri.toString();
      if (!applied.has(key)) {
        return undefined;
      }
      const lines = applied.get(key);
      return { decorated: lines !== undefined, lines: { ...emptyLines(), ...lines } };
    }
  };
}
