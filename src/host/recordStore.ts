import { constants as fsConstants, type Stats } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LineEdit, ParsedRecord } from '../core/record/recordTypes';
import { parseRecord } from '../core/record/recordParser';
import { classifyRecordFile } from '../core/record/recordFiles';
import { applyLineEdits, sameRecordText } from '../core/record/recordWriter';
import { isReadOnlyMode, recordWriteFailureMessage, type RecordWriteFailure } from '../core/record/recordWriteFailure';
import { errorCode } from './errorCode';
import { spellOnDisk } from './onDiskSpelling';
import { UserFacingError } from './userFacingError';
import { isInside } from './workspaceContainment';

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

/** The folder that holds the records of a workspace folder, as the setting spells it. */
export function checklistsFolderUri(folder: vscode.WorkspaceFolder, checklistsFolder: string): vscode.Uri {
  return vscode.Uri.joinPath(folder.uri, ...checklistsFolder.split(/[\\/]+/).filter((s) => s !== ''));
}

/**
 * The on-disk spellings found so far, by workspace folder and setting value. Only a folder
 * that was found is kept: one that is missing is looked up again each time, so that the folder
 * Start Deployment creates is picked up. A listing of a kept folder that fails drops it (see
 * listRecords), and {@link forgetOnDiskSpellings} drops them all when the setting changes.
 */
const onDiskSpellings = new Map<string, vscode.Uri>();

/** Forgets every on-disk spelling found so far; the next lookups read the disk again. */
export function forgetOnDiskSpellings(): void {
  onDiskSpellings.clear();
}

function forgetOnDiskSpellingOf(folderUri: vscode.Uri): void {
  for (const [key, uri] of onDiskSpellings) {
    if (uri.toString() === folderUri.toString()) {
      onDiskSpellings.delete(key);
    }
  }
}

/**
 * The folder that holds the records of a workspace folder, spelled as the disk lists it
 * below the workspace folder: on a disk that ignores case, a setting of
 * `Deployments/Checklists` gives the `deployments/checklists` the Explorer shows, so that
 * records' paths are those of the editors opened on them (see onDiskSpelling). A folder
 * outside the workspace folder, or not on the local disk, is left as the setting spells it.
 * A folder once found is not looked up again (see {@link onDiskSpellings}).
 */
export async function onDiskChecklistsFolderUri(folder: vscode.WorkspaceFolder, checklistsFolder: string): Promise<vscode.Uri> {
  const configured = checklistsFolderUri(folder, checklistsFolder);
  if (folder.uri.scheme !== 'file' || configured.scheme !== 'file') {
    return configured;
  }
  const relative = path.relative(folder.uri.fsPath, configured.fsPath);
  if (relative === '' || !isInside(folder.uri.fsPath, configured.fsPath)) {
    return configured;
  }
  const key = `${folder.uri.toString()}\n${checklistsFolder}`;
  const known = onDiskSpellings.get(key);
  if (known) {
    return known;
  }
  const segments = relative.split(path.sep);
  const spelled = await spellOnDisk(folder.uri.fsPath, segments);
  const uri = spelled.segments.every((name, i) => name === segments[i]) ? configured : vscode.Uri.joinPath(folder.uri, ...spelled.segments);
  if (spelled.found) {
    onDiskSpellings.set(key, uri);
  }
  return uri;
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
    // Gone or unreadable: it may come back spelled otherwise, so look it up again next time.
    forgetOnDiskSpellingOf(folderUri);
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

export type ApplyResult = 'applied' | 'moved';

/**
 * Applies line edits computed against `basedOn` (the text the caller read).
 *
 * An open record is changed only through a WorkspaceEdit on its document, so unsaved changes
 * survive and the change can be undone. A document that was clean is saved afterwards so other
 * windows and the file watcher see the change; a dirty one is left dirty, because saving would
 * also write the user's unfinished edits. A record that is not open, or whose clean editor has
 * not caught up with the file yet, is written atomically (the editor then reloads it).
 * 'moved' means the text changed since the caller read it: nothing is written.
 *
 * Throws a UserFacingError that names the record, says why and what to do, when the record
 * must not be written (read-only, or a link leading outside the workspace folder: nothing is
 * changed), when it cannot be read back just before the write or VS Code refuses the edit
 * (nothing is changed), when writing the file fails (the file stays as it was), or when saving the open
 * record fails (the change stays in the editor, unsaved).
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

function writeFailure(uri: vscode.Uri, failure: RecordWriteFailure): UserFacingError {
  return new UserFacingError(recordWriteFailureMessage(vscode.workspace.asRelativePath(uri), failure));
}

/**
 * The file a write to the record lands on: the record, or the file its link points to.
 * Throws, before anything is changed, when that file lies outside the record's workspace
 * folder (the same rule as for creating records: a cloned repository ships its links) or
 * the user made it read-only.
 */
async function writableTarget(uri: vscode.Uri): Promise<string> {
  const root = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(uri.fsPath);
  let real: string;
  let realRoot: string;
  let mode: number;
  try {
    real = await fs.realpath(uri.fsPath);
    realRoot = await fs.realpath(root);
    mode = (await fs.stat(real)).mode;
  } catch (error) {
    throw writeFailure(uri, { kind: 'notWritten', code: errorCode(error) });
  }
  if (!isInside(realRoot, real)) {
    throw writeFailure(uri, { kind: 'outsideWorkspace', target: real });
  }
  if (isReadOnlyMode(mode)) {
    throw writeFailure(uri, { kind: 'readOnly' });
  }
  return real;
}

/**
 * Why a save VS Code reported as failed failed, as an error code, by asking the file system
 * the same question: VS Code only says that it did not save. Undefined when nothing we can
 * check explains it (VS Code's own message then does).
 */
async function whySaveFailed(target: string, text: string): Promise<string | undefined> {
  try {
    // Also true of root: a read-only file system answers EROFS to everyone.
    await fs.access(target, fsConstants.W_OK);
  } catch (error) {
    return errorCode(error);
  }
  try {
    const space = await fs.statfs(path.dirname(target));
    if (space.bavail * space.bsize < Buffer.byteLength(text, 'utf8')) {
      return 'ENOSPC';
    }
  } catch {
    // No answer about free space: say nothing about it.
  }
  return undefined;
}

async function applyRecordEditsNow(uri: vscode.Uri, basedOn: string, edits: readonly LineEdit[]): Promise<ApplyResult> {
  if (edits.length === 0) {
    return 'applied';
  }
  const doc = openDocument(uri);
  // sameRecordText: an open record's text lacks the byte order mark its file starts with, and
  // is still the text the caller read from the file; it must be edited in the editor, where
  // Undo can take the change back, not behind it on disk.
  if (doc && sameRecordText(doc.getText(), basedOn)) {
    const wasDirty = doc.isDirty;
    // A clean record is saved right after the edit: refuse first, so a record that must not
    // be written is not changed in the editor either.
    const target = wasDirty ? undefined : await writableTarget(uri);
    const workspaceEdit = new vscode.WorkspaceEdit();
    workspaceEdit.set(uri, edits.map((edit) => toTextEdit(doc, edit)));
    if (!(await vscode.workspace.applyEdit(workspaceEdit))) {
      // VS Code refuses an edit when the document changed in the meantime (typing, another extension).
      if (!sameRecordText(doc.getText(), basedOn)) {
        return 'moved';
      }
      throw writeFailure(uri, { kind: 'editRefused' });
    }
    if (target !== undefined && !(await doc.save())) {
      // The change stays in the editor, unsaved, for the user to save once they can (undoing
      // it would lose the mark they asked for); but the command must not report success.
      throw writeFailure(uri, { kind: 'notSaved', code: await whySaveFailed(target, doc.getText()) });
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
  } catch (error) {
    // Deleted, replaced by a folder or made unreadable since the command read it.
    throw writeFailure(uri, { kind: 'notRead', code: errorCode(error) });
  }
  if (!sameRecordText(current, basedOn)) {
    return 'moved';
  }
  const target = await writableTarget(uri);
  try {
    // A rename replaces a file the user may not write, as long as the folder is writable:
    // ask first, as writing the file in place would.
    await fs.access(target, fsConstants.W_OK);
    // Edited from the file's own text, so a byte order mark it starts with stays, whether or
    // not the caller's text (an editor's) had it.
    await writeFileAtomically(target, applyLineEdits(current, edits));
  } catch (error) {
    // Only the code: the error's own text names the hidden temporary file.
    throw writeFailure(uri, { kind: 'notWritten', code: errorCode(error) });
  }
  return 'applied';
}

let tempCounter = 0;

function tempPathFor(target: string): string {
  // The counter keeps two writes in the same millisecond from picking the same name.
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.${(tempCounter++).toString(36)}.tmp`);
}

async function realPathOrItself(target: string): Promise<string> {
  try {
    return await fs.realpath(target);
  } catch {
    return target;
  }
}

/**
 * Temp file, then rename: a crash leaves the old file or the new one, never half. It updates
 * the file, not just the name: a link keeps pointing at its file, which gets the new text
 * (the temp file goes next to it, since a rename cannot cross file systems), and the new file
 * keeps the old one's permissions and, where the system allows, its owner and group.
 */
export async function writeFileAtomically(target: string, text: string): Promise<void> {
  const real = await realPathOrItself(target);
  let existing: Stats | undefined;
  try {
    existing = await fs.stat(real);
  } catch {
    existing = undefined;
  }
  const temp = tempPathFor(real);
  let handle: fs.FileHandle | undefined;
  try {
    // Private until it has the old file's mode: a 0600 record is never readable by others.
    handle = await fs.open(temp, 'wx', existing ? 0o600 : 0o666);
    await handle.writeFile(text, 'utf8');
    if (existing) {
      await keepOwner(handle, existing);
      // After chown, which may clear the set-id bits.
      await handle.chmod(existing.mode & 0o7777);
    }
    // On disk before the rename, so a power cut cannot leave the name on an empty file.
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, real);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/** The old file's owner and group when allowed (root), else its group when we are in it. */
async function keepOwner(handle: fs.FileHandle, existing: Stats): Promise<void> {
  const mine = await handle.stat();
  if (mine.uid === existing.uid && mine.gid === existing.gid) {
    return;
  }
  try {
    await handle.chown(existing.uid, existing.gid);
  } catch {
    try {
      await handle.chown(mine.uid, existing.gid);
    } catch {
      // Not a member of the group: the file is ours now, with the old permission bits.
    }
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
