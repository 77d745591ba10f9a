import type { ParsedRecord } from '../record/recordTypes';
import { rowFor, type AnalyticsRow } from './analyticsRow';
import { secondsBetween } from '../record/recordTime';
import { commitPairKey, type CommitCountResult, type CommitHistory, type CommitPair, type CommitTimeResult } from './analyticsTypes';
import type { LeadTimeSample } from './dora';

/** Lookups in flight at once, for a history without batches: git is a child process each time. */
const CONCURRENCY = 4;

/**
 * Lead time for changes of every successful deployment that names its commit: from the
 * commit's author time to the deployment's End Time (else its Start Time), plus the number
 * of commits since the previous successful deployment in the same environment. Keyed by the
 * record's file name, for `computeAnalytics({ leadTimes })`. History that cannot be read is
 * reported per record as `unavailable`; this never rejects.
 */
export async function measureLeadTimes(records: readonly (ParsedRecord | AnalyticsRow)[], history: CommitHistory): Promise<Map<string, LeadTimeSample>> {
  const successes = records
    .map(rowFor)
    .filter((r): r is AnalyticsRow => r !== undefined && r.outcome === 'success')
    .sort((a, b) => secondsBetween(b.start, a.start));
  const previousInEnv = new Map<string, string>();
  const jobs: { file: string; record: AnalyticsRow; previous?: string }[] = [];
  for (const record of successes) {
    const file = record.file;
    const env = record.environmentFilterKey;
    const commit = record.commit?.trim();
    jobs.push({ file, record, ...(commit && previousInEnv.has(env) ? { previous: previousInEnv.get(env) } : {}) });
    if (commit) {
      previousInEnv.set(env, commit);
    }
  }

  const times = await commitTimesOf(history, [...new Set(jobs.map((job) => job.record.commit?.trim()).filter((c): c is string => !!c))]);
  const pairs: CommitPair[] = [];
  for (const { record, previous } of jobs) {
    const commit = record.commit?.trim();
    if (commit && previous !== undefined && previous !== commit && 'authorTimeMs' in (times.get(commit) ?? { unavailable: '' })) {
      pairs.push({ older: previous, newer: commit });
    }
  }
  const counts = await commitCountsOf(history, pairs);

  const result = new Map<string, LeadTimeSample>();
  for (const { file, record, previous } of jobs) {
    const commit = record.commit?.trim();
    if (!commit) {
      result.set(file, { unavailable: 'no commit recorded' });
      continue;
    }
    const time = times.get(commit) ?? { unavailable: 'git gave no answer' };
    if ('unavailable' in time) {
      result.set(file, { unavailable: time.unavailable });
      continue;
    }
    const leadSeconds = ((record.endMs ?? record.startMs) - time.authorTimeMs) / 1000;
    let commits: number | undefined;
    if (previous !== undefined) {
      if (previous === commit) {
        commits = 0;
      } else {
        const between = counts.get(commitPairKey({ older: previous, newer: commit }));
        commits = between !== undefined && 'count' in between ? between.count : undefined;
      }
    }
    result.set(
      file,
      leadSeconds >= 0
        ? { leadSeconds, ...(commits !== undefined ? { commits } : {}) }
        : { unavailable: 'deployment recorded before its commit was authored (a start time without a UTC offset?)' }
    );
  }
  return result;
}

/** Author times of the commits: in one batch when the history can, else a few lookups at a time. */
async function commitTimesOf(history: CommitHistory, hashes: readonly string[]): Promise<Map<string, CommitTimeResult>> {
  if (history.commitTimes && hashes.length > 0) {
    try {
      return await history.commitTimes(hashes);
    } catch (err) {
      return new Map(hashes.map((hash) => [hash, { unavailable: String((err as Error)?.message ?? err) }]));
    }
  }
  return inPool(hashes, async (hash) => [hash, await history.commitTime(hash).catch((err: unknown) => ({ unavailable: String((err as Error)?.message ?? err) }))] as const);
}

/** Commit counts of the ranges, keyed by `commitPairKey`: in one batch when the history can. */
async function commitCountsOf(history: CommitHistory, pairs: readonly CommitPair[]): Promise<Map<string, CommitCountResult>> {
  const unique = [...new Map(pairs.map((pair) => [commitPairKey(pair), pair])).values()];
  if (history.commitCounts && unique.length > 0) {
    try {
      return await history.commitCounts(unique);
    } catch {
      return new Map(unique.map((pair) => [commitPairKey(pair), { unavailable: 'git failed' }]));
    }
  }
  return inPool(unique, async (pair) => [commitPairKey(pair), await history.commitsBetween(pair.older, pair.newer).catch(() => ({ unavailable: 'git failed' }))] as const);
}

/** Runs `work` over the items, CONCURRENCY at a time (each is a git process), into a map. */
async function inPool<T, V>(items: readonly T[], work: (item: T) => Promise<readonly [string, V]>): Promise<Map<string, V>> {
  const answers = new Map<string, V>();
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const [key, value] = await work(items[next++]);
      answers.set(key, value);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  return answers;
}
