import type { ParsedRecord } from './recordTypes';

/** The `-N` of `DEP-YYYY-MM-DD-HH-MM-N`; 1 for an ID without one (the minute is not a suffix). */
function suffixOf(id: string | undefined): number {
  const match = id === undefined ? null : /^DEP-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-(\d{1,4})$/.exec(id);
  return match ? Number(match[1]) : 1;
}

/**
 * Whether a record is a deployment still in progress, which Finish can act on: no final
 * outcome yet, and a `## Deployment Metadata` section (a bare template copy is not a deployment).
 */
export function isDeploymentInProgress(parsed: ParsedRecord): boolean {
  return parsed.outcome === 'inProgress' && parsed.hasMetadata;
}

/**
 * The deployment in progress: the newest record (by start time, then by `-N` suffix) that is
 * not finished and has a `## Deployment Metadata` section. Template copies without metadata,
 * left behind when the old shell tasks crashed, are never active. Because it is derived from
 * the files alone, it survives a reload and is the same in every window.
 */
export function pickActiveRecord<T extends { parsed: ParsedRecord }>(records: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const record of records) {
    const parsed = record.parsed;
    if (!isDeploymentInProgress(parsed)) {
      continue;
    }
    if (best === undefined) {
      best = record;
      continue;
    }
    const a = parsed.startTime?.epochMs ?? -Infinity;
    const b = best.parsed.startTime?.epochMs ?? -Infinity;
    if (a > b || (a === b && suffixOf(parsed.id) > suffixOf(best.parsed.id))) {
      best = record;
    }
  }
  return best;
}
