import { constants as fsConstants } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LineEdit, ParsedRecord } from '../core/record/recordTypes';
import { parseRecord } from '../core/record/recordParser';
import { classifyRecordFile } from '../core/record/recordFiles';
import { applyLineEdits } from '../core/record/recordWriter';

/** A record file read from disk, or from its open editor when there is one. */
export interface StoredRecord {
  readonly uri: vscode.Uri;
  readonly parsed: ParsedRecord;
  readonly text: string;
}

const MAX_RECORD_BYTES = 5 * 1024 * 1024;

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((doc) => !doc.isClosed && doc.uri.toString() === uri.toString());
}

/** The folder that holds the records of a workspace folder. */
export function checklistsFolderUri(folder: vscode.WorkspaceFolder, checklistsFolder: string): vscode.Uri {
  return vscode.Uri.joinPath(folder.uri, ...checklistsFolder.split(/[\\/]+/).filter((s) => s !== ''));
}

async function readFileText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const stat = await fs.stat(uri.fsPath);
    if (!stat.isFile()) {
      return undefined;
    }
    const bytes = stat.size > MAX_RECORD_BYTES ? undefined : await fs.readFile(uri.fsPath);
    const verdict = classifyRecordFile(path.basename(uri.fsPath), bytes, stat.size);
    if (verdict.kind !== 'record' || bytes === undefined) {
      return undefined;
    }
    return Buffer.from(bytes).toString('utf8');
  } catch {
    return undefined;
  }
}

/**
 * The current text of a record. A document with unsaved changes wins over the file, because
 * that is what the user sees and what an edit must apply to. A document without unsaved
 * changes should equal the file; when it does not, the file changed on disk (or was replaced)
 * and the editor has not caught up yet, so the file is the truth.
 * Undefined when it is not a readable record.
 */
export async function readRecordText(uri: vscode.Uri): Promise<string | undefined> {
  const doc = openDocument(uri);
  if (doc?.isDirty) {
    return doc.getText();
  }
  return readFileText(uri);
}

/** Reads one record. Undefined for files that are not records. */
export async function readRecord(uri: vscode.Uri): Promise<StoredRecord | undefined> {
  const text = await readRecordText(uri);
  return text === undefined ? undefined : { uri, text, parsed: parseRecord(text, path.basename(uri.fsPath)) };
}

interface CachedFile {
  readonly mtimeMs: number;
  readonly size: number;
  readonly record: StoredRecord | undefined;
}

/**
 * Per checklists folder, each file's last reading by modification time and size. The status
 * bar, the commands, the CodeLens and the tree re-list the folder on every change; without
 * this, a folder of 10,000 records would be read and parsed whole on each keystroke burst.
 * A stale entry cannot cause a lost write: edits compare against the file's current text.
 */
const folderCaches = new Map<string, Map<string, CachedFile>>();

async function readRecordCached(uri: vscode.Uri, cache: Map<string, CachedFile>, name: string): Promise<StoredRecord | undefined> {
  if (openDocument(uri)?.isDirty) {
    return readRecord(uri);
  }
  let stat;
  try {
    stat = await fs.stat(uri.fsPath);
  } catch {
    cache.delete(name);
    return undefined;
  }
  const hit = cache.get(name);
  if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) {
    return hit.record;
  }
  const record = await readRecord(uri);
  cache.set(name, { mtimeMs: stat.mtimeMs, size: stat.size, record });
  return record;
}

/** Every record in a folder (not recursive). Unreadable entries are skipped, never fatal. */
export async function listRecords(folderUri: vscode.Uri): Promise<StoredRecord[]> {
  let names: string[];
  try {
    names = (await fs.readdir(folderUri.fsPath)).filter((n) => n.toLowerCase().endsWith('.md'));
  } catch {
    folderCaches.delete(folderUri.fsPath);
    return [];
  }
  let cache = folderCaches.get(folderUri.fsPath);
  if (!cache) {
    cache = new Map();
    folderCaches.set(folderUri.fsPath, cache);
  }
  const present = new Set(names);
  for (const name of cache.keys()) {
    if (!present.has(name)) {
      cache.delete(name);
    }
  }
  const folderCache = cache;
  const records = await Promise.all(names.sort().map((name) => readRecordCached(vscode.Uri.joinPath(folderUri, name), folderCache, name)));
  return records.filter((r): r is StoredRecord => r !== undefined);
}

function toTextEdit(doc: vscode.TextDocument, edit: LineEdit): vscode.TextEdit {
  const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const lastLine = doc.lineCount - 1;
  if (edit.endLine <= lastLine) {
    const range = new vscode.Range(edit.startLine, 0, edit.endLine, 0);
    return vscode.TextEdit.replace(range, edit.lines.map((l) => l + eol).join(''));
  }
  // The edit reaches past the last line break: replace up to the very end of the document.
  const end = doc.lineAt(lastLine).range.end;
  if (edit.startLine > lastLine) {
    return vscode.TextEdit.insert(end, edit.lines.map((l) => eol + l).join(''));
  }
  return vscode.TextEdit.replace(new vscode.Range(edit.startLine, 0, end.line, end.character), edit.lines.join(eol));
}

export type ApplyResult = 'applied' | 'moved' | 'failed';

/**
 * Applies line edits computed against `basedOn` (the text the caller read).
 *
 * An open record is changed only through a WorkspaceEdit on its document, so unsaved changes
 * survive and the change can be undone. A document that was clean is saved afterwards so other
 * windows and the file watcher see the change; a dirty one is left dirty, because saving would
 * also write the user's unfinished edits. A record that is not open, or whose clean editor has
 * not caught up with the file yet, is written atomically (the editor then reloads it).
 * 'moved' means the text changed since the caller read it: nothing is written.
 */
export function applyRecordEdits(uri: vscode.Uri, basedOn: string, edits: readonly LineEdit[]): Promise<ApplyResult> {
  return oneWriteAtATime(uri.toString(), () => applyRecordEditsNow(uri, basedOn, edits));
}

// The "is it still the text the caller read?" check below only holds if no other write to the
// same record runs between the check and the write, so writes to one record queue up. Two
// marks at once then both land or the second gets 'moved', instead of one silently winning.
const writeQueues = new Map<string, Promise<unknown>>();

function oneWriteAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const result = (writeQueues.get(key) ?? Promise.resolve()).then(work, work);
  const settled = result.then(() => undefined, () => undefined);
  writeQueues.set(key, settled);
  void settled.then(() => {
    if (writeQueues.get(key) === settled) {
      writeQueues.delete(key);
    }
  });
  return result;
}

async function applyRecordEditsNow(uri: vscode.Uri, basedOn: string, edits: readonly LineEdit[]): Promise<ApplyResult> {
  if (edits.length === 0) {
    return 'applied';
  }
  const doc = openDocument(uri);
  if (doc && doc.getText() === basedOn) {
    const wasDirty = doc.isDirty;
    const workspaceEdit = new vscode.WorkspaceEdit();
    workspaceEdit.set(uri, edits.map((edit) => toTextEdit(doc, edit)));
    if (!(await vscode.workspace.applyEdit(workspaceEdit))) {
      // VS Code refuses an edit when the document changed in the meantime (typing, another extension).
      return doc.getText() === basedOn ? 'failed' : 'moved';
    }
    if (!wasDirty) {
      await doc.save();
    }
    return 'applied';
  }
  if (doc?.isDirty) {
    return 'moved';
  }
  // Not open, or open without unsaved changes but behind the file: the editor reloads from disk.
  let current: string;
  try {
    current = (await fs.readFile(uri.fsPath)).toString('utf8');
  } catch {
    return 'failed';
  }
  if (current !== basedOn) {
    return 'moved';
  }
  await writeFileAtomically(uri.fsPath, applyLineEdits(current, edits));
  return 'applied';
}

let tempCounter = 0;

function tempPathFor(target: string): string {
  // The counter keeps two writes in the same millisecond from picking the same name.
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.${(tempCounter++).toString(36)}.tmp`);
}

/** Temp file in the same folder, then rename: a crash leaves the old file or the new one, never half. */
export async function writeFileAtomically(target: string, text: string): Promise<void> {
  const temp = tempPathFor(target);
  try {
    await fs.writeFile(temp, text, { encoding: 'utf8', flag: 'wx' });
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/**
 * Creates a new file with the whole text or not at all, and never replaces an existing one:
 * the text goes to a temp file that is then hard-linked to the target name, which fails if
 * the name is taken (a second start in the same minute, another window). Returns false then.
 */
export async function createFileExclusively(target: string, text: string): Promise<boolean> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  await fs.writeFile(temp, text, { encoding: 'utf8', flag: 'wx' });
  try {
    await fs.link(temp, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      return false;
    }
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') {
      throw error;
    }
    // File systems without hard links: an exclusive copy still never overwrites.
    try {
      await fs.copyFile(temp, target, fsConstants.COPYFILE_EXCL);
      return true;
    } catch (copyError) {
      if ((copyError as NodeJS.ErrnoException).code === 'EEXIST') {
        return false;
      }
      throw copyError;
    }
  } finally {
    await fs.rm(temp, { force: true });
  }
}
