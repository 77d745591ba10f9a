import * as vscode from 'vscode';
import { cycleItemLine } from '../core/record/checklistStatus';

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

/**
 * Cycles the status of every checklist item the selections touch, as one undo step. Only
 * the marker changes, and each cursor keeps its place relative to the item text.
 */
export async function cycleItemStatus(editor: vscode.TextEditor): Promise<boolean> {
  const doc = editor.document;
  const lines = [...new Set(editor.selections.flatMap(linesOf))].sort((a, b) => a - b);
  const changes = new Map<number, { start: number; oldEnd: number; newText: string }>();
  for (const line of lines) {
    const before = doc.lineAt(line).text;
    const after = cycleItemLine(before);
    if (after !== before) {
      changes.set(line, minimalChange(before, after));
    }
  }
  if (changes.size === 0) {
    return false;
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
  return applied;
}

/** Registers `Deployment: Cycle Checklist Item Status` for the active editor. */
export function registerCycleItemStatusCommand(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    // A plain command (not a text-editor command) so that callers can await the edit.
    vscode.commands.registerCommand(CYCLE_COMMAND, () => {
      const editor = vscode.window.activeTextEditor;
      return editor ? cycleItemStatus(editor) : false;
    })
  );
}
