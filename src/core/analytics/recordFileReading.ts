import * as fs from 'fs';
import * as path from 'path';
import { isUtf8 } from 'buffer';
import { classifyRecordSize } from '../record/recordFiles';
import { parseRecord } from '../record/recordParser';
import { noStartTimeReason } from './startTimeReason';

/**
 * Reading one file of a checklists folder: opening it safely (a FIFO must not hang the scan),
 * reading it whole, and classifying it as a record or a file skipped with a reason, for the
 * folder scanner.
 */

/** A file as the scan sees it: a record, or skipped with a reason. */
export type Entry<R> = { readonly kind: 'record'; readonly record: R } | { readonly kind: 'skip'; readonly reason: string };

/**
 * How a file's bytes (valid UTF-8) become a record, given its path relative to the folder;
 * undefined when the file has no start time, so is not a record (the skipped list then says
 * why: see `noStartTimeReason`).
 */
export type RecordReading<R> = (bytes: Buffer, relativePath: string) => R | undefined;

/** Why a file could not be read, as the skipped list says it. */
export function errorReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'ENOENT':
      return 'disappeared while being read (or a broken link)';
    case 'EISDIR':
      return 'is a folder';
    default:
      return `cannot be read${code ? ` (${code})` : ''}`;
  }
}

/** Too large (or a directory): not read; `bytes` is then undefined. */
function tooLarge(stat: fs.Stats): boolean {
  return !stat.isFile() || classifyRecordSize(stat.size).kind === 'skip';
}

/**
 * Opening a FIFO for reading waits for a writer; non-blocking, the open returns at once and
 * fstat then shows it is not a file. Regular files ignore the flag. (Windows has no FIFOs.)
 */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * The blocking scan reads every file into this one buffer (grown to the largest file) rather
 * than a new Buffer per file: 10,000 short-lived buffers were a good part of the scan's
 * garbage collection. Safe because the blocking path decodes the bytes before it awaits.
 */
let sharedReadBuffer = Buffer.allocUnsafe(64 * 1024);

/** Size and modification time of a file, as the cache keeps them. */
export interface FileStamp {
  readonly mtimeMs: number;
  readonly size: number;
}

/** One read of a file: its stamp before and after reading, and its bytes unless too large. */
interface RawRead {
  readonly before: FileStamp & { isFile(): boolean };
  readonly after: FileStamp;
  readonly bytes?: Buffer;
}

/** `bytes` is a view of the shared buffer: valid until the next blocking read. */
function readSync(full: string): RawRead {
  const fd = fs.openSync(full, OPEN_FLAGS);
  try {
    const before = fs.fstatSync(fd);
    if (tooLarge(before)) {
      return { before, after: before };
    }
    // Exactly the stamped size: a file that grows or shrinks meanwhile shows it in the second
    // fstat (the size, or the modification time), so an extra read to find the end buys nothing.
    const want = before.size;
    if (sharedReadBuffer.length < want) {
      sharedReadBuffer = Buffer.allocUnsafe(Math.max(want, sharedReadBuffer.length * 2));
    }
    let length = 0;
    while (length < want) {
      const n = fs.readSync(fd, sharedReadBuffer, length, want - length, null);
      if (n === 0) {
        break;
      }
      length += n;
    }
    return { before, after: fs.fstatSync(fd), bytes: sharedReadBuffer.subarray(0, length) };
  } finally {
    fs.closeSync(fd);
  }
}

async function readAsync(full: string): Promise<RawRead> {
  const handle = await fs.promises.open(full, OPEN_FLAGS);
  try {
    const before = await handle.stat();
    if (tooLarge(before)) {
      return { before, after: before };
    }
    const bytes = await handle.readFile();
    return { before, after: await handle.stat(), bytes };
  } finally {
    await handle.close();
  }
}

const CHANGED = { kind: 'skip', reason: 'changed while being read; it will be read again on the next scan' } as const;

/** What one read of a file gave: its entry, and the stamp to remember it by. */
interface FileReading<R> {
  readonly entry: Entry<R>;
  readonly stamp: FileStamp;
}

/**
 * Classifies one read of a file (too large, empty, binary, not a record, or a record read by
 * `read`); 'changed' when it changed while being read, to be read again.
 */
function classifyRead<R>(rel: string, raw: RawRead, read: RecordReading<R>): FileReading<R> | 'changed' {
  const { before, after, bytes } = raw;
  if (!bytes) {
    const bySize = classifyRecordSize(before.size);
    return { entry: bySize.kind === 'skip' ? bySize : { kind: 'skip', reason: 'cannot be read' }, stamp: before };
  }
  if (after.mtimeMs !== before.mtimeMs || after.size !== before.size || bytes.length !== after.size) {
    return 'changed';
  }
  // The caller checked the name; the size and content checks are classifyRecordFile's,
  // with a validation that does not decode, so the text is decoded once, by `read`.
  const bySize = classifyRecordSize(bytes.length);
  const byContent: Entry<R> | undefined =
    bySize.kind === 'skip'
      ? bySize
      : bytes.indexOf(0) !== -1
        ? { kind: 'skip', reason: 'binary file (contains NUL bytes)' }
        : !isUtf8(bytes)
          ? { kind: 'skip', reason: 'binary file (not valid UTF-8)' }
          : undefined;
  if (byContent) {
    return { entry: byContent, stamp: after };
  }
  const record = read(bytes, rel);
  return { entry: record !== undefined ? { kind: 'record', record } : { kind: 'skip', reason: whyNotARecord(bytes, rel) }, stamp: after };
}

/**
 * Why a file `read` found no start time in is not a record: read again in full (such files
 * are few), so that a start time that is not a real date is reported as such.
 */
function whyNotARecord(bytes: Buffer, rel: string): string {
  return noStartTimeReason(parseRecord(bytes.toString('utf8'), path.posix.basename(rel)));
}

/** What reading one file gave; `stamp` is absent when it must not be remembered (an error, or a file that kept changing). */
export interface FileRead<R> {
  readonly entry: Entry<R>;
  readonly stamp?: FileStamp;
}

type Attempt = RawRead | { readonly error: unknown };

/** One attempt's reading; undefined when the file changed while being read. */
function settle<R>(rel: string, read: RecordReading<R>, attempt: Attempt): FileRead<R> | undefined {
  if ('error' in attempt) {
    return { entry: { kind: 'skip', reason: errorReason(attempt.error) } };
  }
  const reading = classifyRead(rel, attempt, read);
  return reading === 'changed' ? undefined : reading;
}

function attemptNow(full: string): Attempt {
  try {
    return readSync(full);
  } catch (error) {
    return { error };
  }
}

async function attemptLater(full: string): Promise<Attempt> {
  try {
    return await readAsync(full);
  } catch (error) {
    return { error };
  }
}

/**
 * Reads and classifies one file now (blocking), once more if it changed while being read.
 * `rel` names it as the folder shows it, and has passed `classifyRecordName`.
 */
export function readFileNow<R>(full: string, rel: string, read: RecordReading<R>): FileRead<R> {
  return settle(rel, read, attemptNow(full)) ?? settle(rel, read, attemptNow(full)) ?? { entry: CHANGED };
}

/** `readFileNow` without blocking the thread: for the editor, which must stay responsive. */
export async function readFileLater<R>(full: string, rel: string, read: RecordReading<R>): Promise<FileRead<R>> {
  return settle(rel, read, await attemptLater(full)) ?? settle(rel, read, await attemptLater(full)) ?? { entry: CHANGED };
}
