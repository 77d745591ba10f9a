import * as vscode from 'vscode';
import { describeCycle, planChecklistCycle } from '../core/record/checklistCycle';

export const CYCLE_COMMAND = 'deploymentRecords.cycleItemStatus';

/** The smallest single change that turns `before` into `after`: common prefix and suffix kept. */
function minimalChange(before: string, after: string): { start: number; oldEnd: number; newText: string } {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) {
    start++;
  }
  let oldEnd = before.length;
  let newEnd = after.length;
  while (oldEnd > start && newEnd > start && before[oldEnd - 1] === after[newEnd - 1]) {
    oldEnd--;
    newEnd--;
  }
  // Never cut an emoji's surrogate pair in half: widen to whole code points.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) {
    start--;
  }
  if (oldEnd < before.length && isLowSurrogate(before.charCodeAt(oldEnd))) {
    oldEnd++;
    newEnd++;
  }
  return { start, oldEnd, newText: after.slice(start, newEnd) };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Lines a selection covers; a selection ending at column 0 does not take in that last line. */
function linesOf(selection: vscode.Selection): number[] {
  const last = selection.end.line > selection.start.line && selection.end.character === 0 ? selection.end.line - 1 : selection.end.line;
  const lines: number[] = [];
  for (let line = selection.start.line; line <= last; line++) {
    lines.push(line);
  }
  return lines;
}

/** What one run of the command did: whether it edited, and what it told the user. */
export interface CycleResult {
  readonly changed: boolean;
  /** The status-bar message shown, when some lines were not steps. */
  readonly message?: string;
}

/**
 * Cycles the status of every checklist step the selections touch, as one undo step. Only
 * the marker changes, and each cursor keeps its place relative to the item text. Lines that
 * are not steps (headings, fields, code…) are left as they are; `message` says why.
 */
export async function cycleItemStatus(editor: vscode.TextEditor): Promise<CycleResult> {
  const doc = editor.document;
  const targets = editor.selections.flatMap(linesOf);
  // Not Math.max(...targets): a select-all of a long record would overflow the argument list.
  const last = targets.reduce((a, b) => Math.max(a, b), 0);
  const lines: string[] = [];
  for (let line = 0; line <= last; line++) {
    lines.push(doc.lineAt(line).text);
  }
  const verdicts = planChecklistCycle(lines, targets);
  const message = describeCycle(verdicts);
  const changes = new Map<number, { start: number; oldEnd: number; newText: string }>();
  for (const verdict of verdicts) {
    if (verdict.kind === 'cycle') {
      changes.set(verdict.line, minimalChange(verdict.before, verdict.after));
    }
  }
  if (changes.size === 0) {
    return { changed: false, message };
  }
  const shift = (position: vscode.Position): vscode.Position => {
    const change = changes.get(position.line);
    if (!change || position.character < change.oldEnd) {
      // Inside or before the marker: stay put, but never inside a changed emoji.
      return change && position.character > change.start
        ? position.with(undefined, Math.min(position.character, change.start + change.newText.length))
        : position;
    }
    return position.translate(0, change.newText.length - (change.oldEnd - change.start));
  };
  const selections = editor.selections.map((s) => new vscode.Selection(shift(s.anchor), shift(s.active)));
  const applied = await editor.edit((builder) => {
    for (const [line, change] of changes) {
      builder.replace(new vscode.Range(line, change.start, line, change.oldEnd), change.newText);
    }
  });
  if (applied) {
    editor.selections = selections;
  }
  return { changed: applied, message };
}

/** How long the explanation stays in the status bar: long enough to read a sentence. */
const MESSAGE_MS = 8000;

/** Registers `Deployment: Cycle Checklist Item Status` for the active editor. */
export function registerCycleItemStatusCommand(context: vscode.ExtensionContext): void {
  let shown: vscode.Disposable | undefined;
  context.subscriptions.push(
    // A plain command (not a text-editor command) so that callers can await the edit.
    vscode.commands.registerCommand(CYCLE_COMMAND, async (): Promise<CycleResult> => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        return { changed: false };
      }
      const result = await cycleItemStatus(editor);
      // A fresh run replaces the last explanation rather than stacking under it. The status
      // bar, not a notification: the command is pressed often, and a toast would pile up.
      shown?.dispose();
      shown = result.message === undefined ? undefined : vscode.window.setStatusBarMessage(result.message, MESSAGE_MS);
      return result;
    }),
    { dispose: () => shown?.dispose() }
  );
}
