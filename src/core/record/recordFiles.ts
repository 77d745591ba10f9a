import type { RecordedTime } from './recordTypes';

/** The wall-clock minute a deployment started, as used in file names and IDs. */
export interface WallMinute {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

export type RecordFileClass = { kind: 'record' } | { kind: 'skip'; reason: string };

/** Records larger than this are not read: no hand-written checklist is that big. */
export const MAX_RECORD_BYTES = 5 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decides whether a file in the checklists folder is a deployment record. Skipped, each with
 * a reason a user can act on: backups (`.bak`, `~`), dotfiles such as `.gitkeep`, files that
 * are not markdown, empty files, files over 5 MB, and binary content (NUL bytes or invalid
 * UTF-8). `bytes` may be omitted when only the name and size are known. Never throws.
 */
export function classifyRecordFile(fileName: string, bytes: Uint8Array | undefined, size: number): RecordFileClass {
  const byName = classifyRecordName(fileName);
  if (byName.kind === 'skip') {
    return byName;
  }
  // Empty by either measure comes first, then too large by either.
  const bySize = classifyRecordSize(size === 0 || bytes?.length === 0 ? 0 : Math.max(size, bytes?.length ?? 0));
  if (bySize.kind === 'skip') {
    return bySize;
  }
  if (bytes !== undefined) {
    if (bytes.indexOf(0) !== -1) {
      return { kind: 'skip', reason: 'binary file (contains NUL bytes)' };
    }
    try {
      utf8.decode(bytes);
    } catch {
      return { kind: 'skip', reason: 'binary file (not valid UTF-8)' };
    }
  }
  return RECORD;
}

const RECORD: RecordFileClass = { kind: 'record' };

/** `classifyRecordFile`'s check of the name alone (backups, dotfiles, non-markdown). */
export function classifyRecordName(fileName: string): RecordFileClass {
  const base = String(fileName ?? '').split(/[\\/]/).pop() ?? '';
  const lower = base.toLowerCase();
  if (lower.endsWith('.bak') || lower.endsWith('~') || lower.endsWith('.orig') || lower.endsWith('.swp')) {
    return { kind: 'skip', reason: 'backup file, not a record' };
  }
  if (base.startsWith('.')) {
    return { kind: 'skip', reason: 'hidden file (such as .gitkeep), not a record' };
  }
  if (!lower.endsWith('.md')) {
    return { kind: 'skip', reason: 'not a markdown (.md) file' };
  }
  return RECORD;
}

/** `classifyRecordFile`'s check of the size alone (empty, or over 5 MB). */
export function classifyRecordSize(size: number): RecordFileClass {
  if (size === 0) {
    return { kind: 'skip', reason: 'empty file' };
  }
  if (size > MAX_RECORD_BYTES) {
    return { kind: 'skip', reason: `larger than ${MAX_RECORD_BYTES / 1024 / 1024} MB` };
  }
  return RECORD;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

function stamp(wall: WallMinute): string {
  return `${String(wall.year).padStart(4, '0')}-${pad2(wall.month)}-${pad2(wall.day)}-${pad2(wall.hour)}-${pad2(wall.minute)}`;
}

/**
 * The file name of a record started at `wall`: `2026-11-21-23-43-deployment.md`, or
 * `2026-11-21-23-43-2-deployment.md` for the second deployment started in that minute.
 */
export function recordFileName(wall: WallMinute, suffix?: number): string {
  return suffix !== undefined && suffix > 1 ? `${stamp(wall)}-${suffix}-deployment.md` : `${stamp(wall)}-deployment.md`;
}

/**
 * The ID for a deployment started at `wall`: `DEP-2026-11-21-23-43`, or with `-2`, `-3`… when
 * that ID is already taken, so that a second start in the same minute never overwrites the first.
 */
export function nextDeploymentId(wall: WallMinute, existingIds: Iterable<string>): { id: string; suffix?: number } {
  const taken = new Set<string>();
  for (const id of existingIds) {
    taken.add(String(id).toUpperCase());
  }
  const base = `DEP-${stamp(wall)}`;
  if (!taken.has(base)) {
    return { id: base };
  }
  for (let suffix = 2; ; suffix++) {
    const id = `${base}-${suffix}`;
    if (!taken.has(id)) {
      return { id, suffix };
    }
  }
}

const STAMP = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})-(\d{2})(?:-(\d{1,4}))?(?![\d])/;

function timeFromStamp(match: RegExpExecArray | null): RecordedTime | undefined {
  if (!match) {
    return undefined;
  }
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || date.getUTCDate() !== day) {
    return undefined;
  }
  return {
    raw: match[0].slice(0, 16),
    epochMs: date.getTime(),
    wall: { year, month, day, hour, minute, second: 0 }
  };
}

/** The start minute encoded in a record's file name (`2025-09-05-18-38-deployment.md`), read as a wall clock. */
export function timeFromFileName(name: string): RecordedTime | undefined {
  const base = String(name ?? '').split(/[\\/]/).pop() ?? '';
  return timeFromStamp(STAMP.exec(base));
}

/** The start minute encoded in a deployment ID (`DEP-2025-09-05-18-46[-2]`), read as a wall clock. */
export function timeFromDeploymentId(id: string): RecordedTime | undefined {
  const text = String(id ?? '').trim();
  return /^DEP-/i.test(text) ? timeFromStamp(STAMP.exec(text.slice(4))) : undefined;
}

/** The ID a record without a `Deployment ID` field is known by, derived from its file name. */
export function deploymentIdFromFileName(name: string): string | undefined {
  const base = String(name ?? '').split(/[\\/]/).pop() ?? '';
  const match = STAMP.exec(base);
  if (!match || !timeFromStamp(match)) {
    return undefined;
  }
  return `DEP-${match[0]}`;
}
