import * as fs from 'fs';
import * as path from 'path';
import type { ParsedRecord } from '../record/recordTypes';
import { classifyRecordName } from '../record/recordFiles';
import { parseRecord } from '../record/recordParser';
import type { SkippedFile } from './analyticsTypes';
import { errorReason, readFileLater, readFileNow, type Entry, type FileRead, type RecordReading } from './recordFileReading';

export type { RecordReading } from './recordFileReading';

/** Records and skipped files of a folder, in file-name order. */
export interface FolderScan<R = ParsedRecord> {
  readonly records: R[];
  readonly skipped: SkippedFile[];
  /** How many files were read and parsed by this scan (the rest came from the cache). */
  readonly parsed: number;
}

interface CacheLine<R> {
  readonly mtimeMs: number;
  readonly size: number;
  readonly entry: Entry<R>;
}

/** The editor's reading: the whole record, named by its path when it sits in a subfolder. */
function readParsedRecord(bytes: Buffer, rel: string): ParsedRecord | undefined {
  const record = parseRecord(bytes.toString('utf8'), path.posix.basename(rel));
  if (!record.startTime) {
    return undefined;
  }
  return rel.includes('/') ? { ...record, fileName: rel } : record;
}

/** Puts a file's entry into the records or the skipped list of a scan. */
function place<R>(rel: string, entry: Entry<R>, records: Map<string, R>, skipped: Map<string, string>): void {
  if (entry.kind === 'record') {
    records.set(rel, entry.record);
  } else {
    skipped.set(rel, entry.reason);
  }
}

/** Deep enough for archive subfolders (`2025/09/…`), shallow enough to stop a runaway tree. */
const MAX_DEPTH = 6;
/** How long a non-blocking scan reads synchronously before it lets other work run. */
const SCAN_SLICE_MS = 15;

/**
 * Reads a checklists folder into parsed records and skipped files, and remembers each file by
 * modification time and size, so that a re-scan after one change re-parses one file. Never
 * throws for anything inside the folder: unreadable files, symbolic-link loops and files that
 * change while being read are skipped with a reason. Uses Node's `fs`, not the VS Code API, so
 * the CLI and the extension share it.
 */
export class RecordFolderScanner<R = ParsedRecord> {
  private readonly cache = new Map<string, CacheLine<R>>();
  private lastScan: { records: Map<string, R>; skipped: Map<string, string> } | undefined;
  private readonly read: RecordReading<R>;
  /** File names of the last snapshot in order; kept while no record is added or removed. */
  private sortedRecordKeys: string[] | undefined;
  /** The folder with a separator after it, to which relative paths are appended. */
  private readonly folderPrefix: string;

  /**
   * `blocking: true` scans without ever yielding: for a one-shot scan (the CLI). By default a
   * scan yields to the event loop every few milliseconds, as the extension host needs.
   * `read` turns a file into a record: by default the editor's full reading (`parseRecord`);
   * the CLI and the panel pass `readRecordRow`, whose rows feed nothing but analytics.
   */
  constructor(
    readonly folder: string,
    private readonly options: { readonly blocking?: boolean; readonly read?: RecordReading<R> } = {}
  ) {
    this.read = options.read ?? (readParsedRecord as unknown as RecordReading<R>);
    this.folderPrefix = path.join(folder, path.sep);
  }

  /**
   * Scans the whole folder (subfolders included, hidden ones excluded). Rejects only when the
   * folder itself is missing or not a folder, so that callers can say so.
   */
  async scan(): Promise<FolderScan<R>> {
    const rootStat = await fs.promises.stat(this.folder);
    if (!rootStat.isDirectory()) {
      const err: NodeJS.ErrnoException = new Error(`${this.folder} is not a folder`);
      err.code = 'ENOTDIR';
      throw err;
    }
    const files: string[] = [];
    const skipped = new Map<string, string>();
    await this.walk(this.folder, '', 0, new Set<string>(), files, skipped);

    const records = new Map<string, R>();
    let parsed = 0;
    const seen = new Set<string>();
    // Synchronous reads are several times faster than 10,000 promise round trips through the
    // thread pool. Outside the CLI they run in slices, yielding to the event loop between
    // them, so the extension host stays responsive while the panel opens.
    const blocking = this.options.blocking === true;
    let sliceStart = Date.now();
    for (const rel of files) {
      seen.add(rel);
      const { entry, fresh } = this.readOneNow(rel);
      place(rel, entry, records, skipped);
      if (fresh) {
        parsed++;
      }
      if (!blocking && Date.now() - sliceStart >= SCAN_SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStart = Date.now();
      }
    }
    for (const rel of this.cache.keys()) {
      if (!seen.has(rel)) {
        this.cache.delete(rel);
      }
    }
    this.lastScan = { records, skipped };
    this.sortedRecordKeys = undefined;
    return this.snapshot(parsed);
  }

  /**
   * Re-reads only the given files (relative to the folder, `/`-separated), as a file watcher
   * reports them: changed, created or deleted. Falls back to a full scan before the first one.
   */
  async refresh(relativePaths: readonly string[]): Promise<FolderScan<R>> {
    if (!this.lastScan) {
      return this.scan();
    }
    let parsed = 0;
    const before = [...new Set(relativePaths)].filter((rel) => this.lastScan?.records.has(rel));
    for (const rel of relativePaths) {
      const { records, skipped } = this.lastScan;
      records.delete(rel);
      skipped.delete(rel);
      let exists = true;
      try {
        await fs.promises.lstat(path.join(this.folder, rel));
      } catch {
        exists = false;
      }
      if (!exists) {
        this.cache.delete(rel);
        continue;
      }
      const nameCheck = classifyRecordName(rel);
      if (nameCheck.kind === 'skip') {
        skipped.set(rel, nameCheck.reason);
        continue;
      }
      const { entry, fresh } = this.options.blocking === true ? this.readOneNow(rel) : await this.readOneLater(rel);
      place(rel, entry, records, skipped);
      if (fresh) {
        parsed++;
      }
    }
    // A save changes a record in place: the order of names holds unless one came or went.
    const records = this.lastScan.records;
    if (relativePaths.some((rel) => records.has(rel) !== before.includes(rel))) {
      this.sortedRecordKeys = undefined;
    }
    return this.snapshot(parsed);
  }

  private snapshot(parsed: number): FolderScan<R> {
    const scan = this.lastScan ?? { records: new Map(), skipped: new Map() };
    const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    this.sortedRecordKeys ??= [...scan.records.keys()].sort(byName);
    return {
      records: this.sortedRecordKeys.map((k) => scan.records.get(k) as R),
      skipped: [...scan.skipped.keys()].sort(byName).map((file) => ({ file, reason: scan.skipped.get(file) as string })),
      parsed
    };
  }

  private async walk(dir: string, rel: string, depth: number, visited: Set<string>, files: string[], skipped: Map<string, string>): Promise<void> {
    let real: string;
    try {
      real = await fs.promises.realpath(dir);
    } catch (err) {
      skipped.set(rel || '.', errorReason(err));
      return;
    }
    if (visited.has(real)) {
      skipped.set(rel, 'symbolic link loop (folder already scanned)');
      return;
    }
    visited.add(real);
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (err) {
      skipped.set(rel || '.', errorReason(err));
      return;
    }
    for (const dirent of entries) {
      const childRel = rel ? `${rel}/${dirent.name}` : dirent.name;
      let isDir = dirent.isDirectory();
      if (dirent.isSymbolicLink()) {
        try {
          isDir = (await fs.promises.stat(path.join(dir, dirent.name))).isDirectory();
        } catch (err) {
          skipped.set(childRel, errorReason(err));
          continue;
        }
      }
      if (isDir) {
        if (dirent.name.startsWith('.')) {
          continue; // .git and friends hold no records
        }
        if (depth + 1 > MAX_DEPTH) {
          skipped.set(childRel, `folder nested deeper than ${MAX_DEPTH} levels`);
          continue;
        }
        await this.walk(path.join(dir, dirent.name), childRel, depth + 1, visited, files, skipped);
      } else if (dirent.isFile() || dirent.isSymbolicLink()) {
        const nameCheck = classifyRecordName(dirent.name);
        if (nameCheck.kind === 'skip') {
          skipped.set(childRel, nameCheck.reason);
        } else {
          files.push(childRel);
        }
      } else {
        skipped.set(childRel, 'not a regular file');
      }
    }
  }

  /** One file's entry, from the cache while its stamp holds, else read now; `fresh` when read. */
  private readOneNow(rel: string): { entry: Entry<R>; fresh: boolean } {
    const full = this.pathOf(rel);
    const cached = this.cache.get(rel);
    if (cached) {
      let current: unknown;
      try {
        current = fs.statSync(full);
      } catch (err) {
        current = err;
      }
      const kept = this.stillCached(rel, cached, current);
      if (kept) {
        return { entry: kept, fresh: false };
      }
    }
    const reading = readFileNow(full, rel, this.read);
    this.remember(rel, reading);
    return { entry: reading.entry, fresh: true };
  }

  /** `readOneNow` without blocking the thread. */
  private async readOneLater(rel: string): Promise<{ entry: Entry<R>; fresh: boolean }> {
    const full = this.pathOf(rel);
    const cached = this.cache.get(rel);
    if (cached) {
      const current: unknown = await fs.promises.stat(full).catch((err: unknown) => err);
      const kept = this.stillCached(rel, cached, current);
      if (kept) {
        return { entry: kept, fresh: false };
      }
    }
    const reading = await readFileLater(full, rel, this.read);
    this.remember(rel, reading);
    return { entry: reading.entry, fresh: true };
  }

  /**
   * `cached`'s entry when `current` (the file's stat, or the error statting it) shows the
   * stamp it was read with; a file that can no longer be statted is forgotten and skipped.
   */
  private stillCached(rel: string, cached: CacheLine<R>, current: unknown): Entry<R> | undefined {
    if (!(current instanceof fs.Stats)) {
      this.cache.delete(rel);
      return { kind: 'skip', reason: errorReason(current) };
    }
    return cached.mtimeMs === current.mtimeMs && cached.size === current.size ? cached.entry : undefined;
  }

  /** A file's full path: the folder and its relative path, joined once per scan, not normalised per file. */
  private pathOf(rel: string): string {
    return this.folderPrefix + rel;
  }

  /** Keeps a file's reading by its stamp, or forgets the file when the reading has none. */
  private remember(rel: string, reading: FileRead<R>): void {
    if (reading.stamp) {
      this.cache.set(rel, { mtimeMs: reading.stamp.mtimeMs, size: reading.stamp.size, entry: reading.entry });
    } else {
      this.cache.delete(rel);
    }
  }

}


