import type { ParsedRecord } from '../record/recordTypes';
import { secondsBetween } from '../record/recordTime';
import type { CommitHistory } from './analyticsTypes';
import type { LeadTimeSample } from './dora';

/** Lookups in flight at once: git is a child process each time. */
const CONCURRENCY = 4;

/**
 * Lead time for changes of every successful deployment that names its commit: from the
 * commit's author time to the deployment's End Time (else its Start Time), plus the number
 * of commits since the previous successful deployment in the same environment. Keyed by the
 * record's file name, for `computeAnalytics({ leadTimes })`. History that cannot be read is
 * reported per record as `unavailable`; this never rejects.
 */
export async function measureLeadTimes(records: readonly ParsedRecord[], history: CommitHistory): Promise<Map<string, LeadTimeSample>> {
  const successes = records
    .filter((r) => r.outcome === 'success' && r.startTime)
    .sort((a, b) => secondsBetween(b.startTime!, a.startTime!));
  const previousInEnv = new Map<string, string>();
  const jobs: { file: string; record: ParsedRecord; previous?: string }[] = [];
  for (const record of successes) {
    const file = record.fileName ?? record.id ?? '';
    const env = (record.environment ?? '').trim().toLowerCase();
    const commit = record.commit?.trim();
    jobs.push({ file, record, ...(commit && previousInEnv.has(env) ? { previous: previousInEnv.get(env) } : {}) });
    if (commit) {
      previousInEnv.set(env, commit);
    }
  }

  const times = new Map<string, ReturnType<CommitHistory['commitTime']>>();
  const commitTime = (hash: string) => {
    let pending = times.get(hash);
    if (!pending) {
      pending = history.commitTime(hash).catch((err: unknown) => ({ unavailable: String((err as Error)?.message ?? err) }));
      times.set(hash, pending);
    }
    return pending;
  };

  const result = new Map<string, LeadTimeSample>();
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const { file, record, previous } = jobs[next++];
      const commit = record.commit?.trim();
      if (!commit) {
        result.set(file, { unavailable: 'no commit recorded' });
        continue;
      }
      const time = await commitTime(commit);
      if ('unavailable' in time) {
        result.set(file, { unavailable: time.unavailable });
        continue;
      }
      const deployed = record.endTime ?? record.startTime!;
      const leadSeconds = (deployed.epochMs - time.authorTimeMs) / 1000;
      let commits: number | undefined;
      if (previous !== undefined) {
        if (previous === commit) {
          commits = 0;
        } else {
          const between = await history.commitsBetween(previous, commit).catch(() => ({ unavailable: 'git failed' }));
          commits = 'count' in between ? between.count : undefined;
        }
      }
      result.set(
        file,
        leadSeconds >= 0
          ? { leadSeconds, ...(commits !== undefined ? { commits } : {}) }
          : { unavailable: 'deployment recorded before its commit was authored (a start time without a UTC offset?)' }
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, jobs.length) }, worker));
  return result;
}
