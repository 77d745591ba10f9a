import type { DoraBand, DoraEnvironment, DoraKey } from './analyticsTypes';
import type { Outcome } from '../record/recordTypes';
import { exactMedian, median, round, roundRatio } from './stats';

/**
 * The performance levels of the DORA Accelerate State of DevOps Report 2023 (the year the
 * fourth key was renamed "failed deployment recovery time"). The report gives each level as
 * a range or a typical value; where it gives a value (change failure rate: 5 %, 10 %, 15 %,
 * 64 %), a rate up to that value is read as that level. Frequency for the low level
 * overlaps medium in the 2023 table, so anything slower than monthly is read as low.
 */
export const DORA_BANDS_SOURCE = 'DORA Accelerate State of DevOps Report 2023 (performance levels)';
export const DORA_BANDS_YEAR = 2023;
/** Lead time's note when no lead times were measured and the caller gave no reason. */
export const GIT_HISTORY_NOT_READ = 'git history not read';

const HOUR = 3600;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** Upper bounds, best band first; a value within a bound gets that band. */
const FREQUENCY_PER_WEEK: ReadonlyArray<[DoraBand, number]> = [
  ['elite', 7], // on demand: daily or more often
  ['high', 1], // between once per day and once per week
  ['medium', 12 / 52] // between once per week and once per month
];
const LEAD_TIME_SECONDS: ReadonlyArray<[DoraBand, number]> = [
  ['elite', DAY],
  ['high', WEEK],
  ['medium', 30 * DAY]
];
export const CHANGE_FAILURE_RATE: ReadonlyArray<[DoraBand, number]> = [
  ['elite', 0.05],
  ['high', 0.1],
  ['medium', 0.15]
];
const RECOVERY_SECONDS: ReadonlyArray<[DoraBand, number]> = [
  ['elite', HOUR],
  ['high', DAY],
  ['medium', WEEK]
];

/** DORA band of a deployment frequency (deployments per week); more is better. */
export function frequencyBand(perWeek: number): DoraBand {
  for (const [band, atLeast] of FREQUENCY_PER_WEEK) {
    if (perWeek >= atLeast) {
      return band;
    }
  }
  return 'low';
}

function lowerIsBetter(table: ReadonlyArray<[DoraBand, number]>, value: number, inclusive: boolean): DoraBand {
  for (const [band, bound] of table) {
    if (inclusive ? value <= bound : value < bound) {
      return band;
    }
  }
  return 'low';
}

/** DORA band of a lead time for changes, in seconds. */
export function leadTimeBand(seconds: number): DoraBand {
  return lowerIsBetter(LEAD_TIME_SECONDS, seconds, false);
}

/** DORA band of a change failure rate (0..1). */
export function changeFailureRateBand(rate: number): DoraBand {
  return lowerIsBetter(CHANGE_FAILURE_RATE, rate, true);
}

/** DORA band of a failed-deployment recovery time, in seconds. */
export function recoveryTimeBand(seconds: number): DoraBand {
  return lowerIsBetter(RECOVERY_SECONDS, seconds, false);
}

/** What DORA needs to know about one deployment. */
export interface DoraDeployment {
  readonly file: string;
  /**
   * The key deployments are grouped by, as the caller normalises it (`computeAnalytics`
   * groups as the environment distribution does); `DoraOptions.nameOf` gives the name shown.
   */
  readonly environment: string;
  readonly outcome: Outcome;
  readonly startMs: number;
  /** End time when recorded, else undefined. */
  readonly endMs?: number;
}

/** Lead time of one successful deployment, measured from git by `measureLeadTimes`. */
export interface LeadTimeSample {
  readonly leadSeconds?: number;
  readonly commits?: number;
  /** Why it could not be measured. */
  readonly unavailable?: string;
}

const FINISHED: ReadonlySet<Outcome> = new Set<Outcome>(['success', 'failed', 'rolledBack']);

export interface DoraOptions {
  /** Maps a record's file to its measured lead time, when git history was read. */
  readonly leadTimes?: ReadonlyMap<string, LeadTimeSample>;
  /** Without `leadTimes`, lead time's note: why nothing was measured. */
  readonly unread?: string;
  /** The name an environment key is shown by; the key itself by default. */
  readonly nameOf?: (key: string) => string;
}

/** What recommendations need about one environment beyond the (rounded) figures. */
export interface DoraEnvironmentDetail {
  /**
   * Successful deployments without a measured lead time, by reason, most frequent first;
   * empty when git history was not read (nobody asked git, so it said nothing).
   */
  readonly leadTimeUnavailable: ReadonlyArray<readonly [reason: string, count: number]>;
}

export interface DoraResult {
  /** Sorted by name. */
  readonly environments: DoraEnvironment[];
  /** By environment name, as `environments` shows it. */
  readonly details: ReadonlyMap<string, DoraEnvironmentDetail>;
}

/**
 * DORA's four keys per environment, from deployments of every environment.
 * `periodSeconds` is the span the frequency is averaged over (at least a week is used).
 * Bands are read from the exact values; only the values shown are rounded.
 */
export function computeDora(deployments: readonly DoraDeployment[], periodSeconds: number, options: DoraOptions = {}): DoraResult {
  const { leadTimes, unread = GIT_HISTORY_NOT_READ, nameOf = (key: string) => key } = options;
  const byEnv = new Map<string, DoraDeployment[]>();
  for (const d of deployments) {
    const list = byEnv.get(d.environment);
    if (list) {
      list.push(d);
    } else {
      byEnv.set(d.environment, [d]);
    }
  }
  const weeks = Math.max(1, periodSeconds / WEEK);
  const environments: DoraEnvironment[] = [];
  const details = new Map<string, DoraEnvironmentDetail>();
  for (const [key, list] of byEnv) {
    const environment = nameOf(key);
    // Callers usually pass deployments oldest first: the (stable) sort is then skipped.
    if (!startsInOrder(list)) {
      list.sort((a, b) => a.startMs - b.startMs);
    }
    const finished = list.filter((d) => FINISHED.has(d.outcome));
    const failures = finished.filter((d) => d.outcome !== 'success');

    const perWeek = finished.length / weeks;
    const deploymentFrequency: DoraKey = {
      value: round(perWeek),
      unit: 'deploymentsPerWeek',
      band: finished.length > 0 ? frequencyBand(perWeek) : null,
      samples: finished.length,
      ...(finished.length === 0 ? { note: 'no finished deployments' } : {})
    };

    const rate = finished.length > 0 ? failures.length / finished.length : null;
    const changeFailureRate: DoraKey = {
      value: rate === null ? null : roundRatio(rate),
      unit: 'ratio',
      band: rate === null ? null : changeFailureRateBand(rate),
      samples: finished.length,
      ...(rate === null ? { note: 'no finished deployments' } : {})
    };

    const lead = leadTimeKey(finished, leadTimes, unread);
    environments.push({
      environment,
      deploymentFrequency,
      leadTime: lead.key,
      changeFailureRate,
      recoveryTime: recoveryKey(finished)
    });
    details.set(environment, { leadTimeUnavailable: leadTimes ? lead.reasons : [] });
  }
  return { environments: environments.sort((a, b) => a.environment.localeCompare(b.environment)), details };
}

function startsInOrder(list: readonly DoraDeployment[]): boolean {
  for (let i = 1; i < list.length; i++) {
    if (!(list[i - 1].startMs <= list[i].startMs)) {
      return false;
    }
  }
  return true;
}

function leadTimeKey(
  finished: readonly DoraDeployment[],
  leadTimes: ReadonlyMap<string, LeadTimeSample> | undefined,
  unread: string
): { key: DoraEnvironment['leadTime']; reasons: Array<[string, number]> } {
  const seconds: number[] = [];
  const commits: number[] = [];
  const reasons = new Map<string, number>();
  let successes = 0;
  for (const d of finished) {
    if (d.outcome !== 'success') {
      continue;
    }
    successes++;
    const sample = leadTimes?.get(d.file);
    if (sample?.leadSeconds !== undefined) {
      seconds.push(sample.leadSeconds);
    } else {
      const reason = sample?.unavailable ?? 'no commit recorded';
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    if (sample?.commits !== undefined) {
      commits.push(sample.commits);
    }
  }
  const exact = exactMedian(seconds);
  const byCount = [...reasons].sort((a, b) => b[1] - a[1]);
  let note: string | undefined;
  if (successes === 0) {
    note = 'no successful deployments';
  } else if (!leadTimes) {
    // Not "unavailable": nobody asked git, so nothing is said of the history.
    note = unread;
  } else if (byCount.length > 0) {
    const [reason, count] = byCount[0];
    note = `git history unavailable for ${successes - seconds.length} of ${successes} successful deployments (${count}: ${reason})`;
  }
  const key: DoraEnvironment['leadTime'] = {
    value: exact === null ? null : round(exact),
    unit: 'seconds',
    band: exact === null ? null : leadTimeBand(exact),
    samples: seconds.length,
    medianCommitsPerDeployment: median(commits),
    ...(note ? { note } : {})
  };
  return { key, reasons: byCount };
}

function recoveryKey(finished: readonly DoraDeployment[]): DoraEnvironment['recoveryTime'] {
  const seconds: number[] = [];
  let failingSince: number | undefined;
  for (const d of finished) {
    if (d.outcome === 'success') {
      if (failingSince !== undefined) {
        // Restored when the next successful deployment finished.
        seconds.push(Math.max(0, ((d.endMs ?? d.startMs) - failingSince) / 1000));
        failingSince = undefined;
      }
    } else if (failingSince === undefined) {
      // A streak of failures is one incident, from the first failure's end.
      failingSince = d.endMs ?? d.startMs;
    }
  }
  const unrecovered = failingSince === undefined ? 0 : 1;
  const exact = exactMedian(seconds);
  const value = exact === null ? null : round(exact);
  return {
    value,
    unit: 'seconds',
    band: exact === null ? null : recoveryTimeBand(exact),
    samples: seconds.length,
    unrecovered,
    ...(value === null ? { note: unrecovered ? 'the last failure has not been followed by a success yet' : 'no failed deployments' } : {})
  };
}
