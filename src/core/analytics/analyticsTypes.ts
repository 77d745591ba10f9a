/**
 * The figures the analytics engine computes from a checklists folder. The JSON form of
 * `DeploymentAnalytics` IS the `deployment-records metrics --json` interface (schema version 1):
 * CI pipelines parse it, so fields are only ever added, never renamed or removed, without
 * bumping `schemaVersion`. The panel renders the same object.
 *
 * Every string that comes from a record (names, titles, labels, file names) is data: whoever
 * displays it must escape it or use textContent.
 */
import type { Outcome } from '../record/recordTypes';

export const ANALYTICS_SCHEMA_VERSION = 1 as const;

/** Summary statistics of a set of durations, in seconds. */
export interface Stats {
  readonly count: number;
  readonly mean: number;
  readonly median: number;
  /** Nearest-rank 90th percentile. */
  readonly p90: number;
  readonly min: number;
  readonly max: number;
}

/** A file in the folder that is not counted, and why. */
export interface SkippedFile {
  /** Path relative to the scanned folder. */
  readonly file: string;
  readonly reason: string;
}

/** A field a record holds but that could not be read; the record's other fields still count. */
export interface RecordProblemEntry {
  readonly file: string;
  /** One-based line number, as an editor shows it. */
  readonly line: number;
  readonly message: string;
}

export type OutcomeCounts = { readonly [K in Outcome]: number };

/** One deployment as the figures see it: what recent/slowest/history/export list. */
export interface DeploymentSummary {
  readonly file: string;
  readonly id?: string;
  /** Start time as written in the record. */
  readonly start: string;
  /** Start as an ISO 8601 wall-clock string (`YYYY-MM-DDTHH:MM:SS`, plus the offset when the record had one). */
  readonly startIso: string;
  readonly operator?: string;
  readonly environment?: string;
  readonly branch?: string;
  readonly commit?: string;
  readonly outcome: Outcome;
  /** End Time − Start Time, when both are recorded and the difference is not negative. */
  readonly totalSeconds?: number;
  /** Measured phase durations (start to the next started phase, or to End Time), lower-case names. */
  readonly phases: { readonly [phase: string]: number };
  readonly downtimeSeconds?: number;
  readonly healthCheck?: 'passed' | 'failed';
  readonly timeToHealthySeconds?: number;
  readonly issues: number;
}

export interface OperatorFigure {
  readonly name: string;
  readonly deployments: number;
  readonly succeeded: number;
  /**
   * Succeeded, failed or rolled back: the operator's share of the success rate's denominator,
   * so a per-operator rate reads as the headline one does. Added within schema 1.
   */
  readonly finished: number;
}

export interface EnvironmentFigure {
  readonly name: string;
  readonly deployments: number;
}

/** Deployments in one ISO week (`2025-W36`) or month (`2025-09`), by outcome. */
export interface PeriodCount extends OutcomeCounts {
  readonly period: string;
  readonly total: number;
}

export interface DurationFigures {
  /** End Time − Start Time over every record that has both; null when none has. */
  readonly total: Stats | null;
  /** Per phase (lower-case name), only phases with at least one measured run. */
  readonly phases: { readonly [phase: string]: Stats };
  /** From the optional `Downtime` metric; null when no record has it. */
  readonly downtime: Stats | null;
  /** From the optional `Time to Healthy` metric; null when no record has it. */
  readonly timeToHealthy: Stats | null;
}

export interface HealthCheckFigures {
  readonly passed: number;
  readonly failed: number;
}

export interface CountByName {
  readonly name: string;
  readonly count: number;
}

export interface IssueFigures {
  readonly total: number;
  /** Phase as written, with any parenthesised detail dropped (`Pre-flight (Packer build)` → `Pre-flight`). */
  readonly byPhase: readonly CountByName[];
  readonly byImpact: { readonly High: number; readonly Medium: number; readonly Low: number; readonly unknown: number };
  /** Mean of the `Time to Resolve` values that could be read; null when none. */
  readonly meanTimeToResolveSeconds: number | null;
  readonly unresolved: number;
  /** Titles seen in more than one record or issue, most frequent first. */
  readonly recurringTitles: readonly CountByName[];
}

/** Checklist steps by label, most often first. */
export interface StepFigures {
  readonly failed: readonly CountByName[];
  readonly skipped: readonly CountByName[];
  readonly blocked: readonly CountByName[];
}

export interface TrendPoint {
  /** ISO week, `2025-W36`. */
  readonly period: string;
  readonly deployments: number;
  /** Success rate over the finished deployments of the rolling window ending with this week. */
  readonly rollingSuccessRate: number | null;
  /** Median total duration over the rolling window ending with this week. */
  readonly rollingMedianSeconds: number | null;
}

export interface TrendFigures {
  readonly windowWeeks: number;
  readonly points: readonly TrendPoint[];
}

export type DoraBand = 'elite' | 'high' | 'medium' | 'low';

/** One of DORA's four keys for one environment. `value` is null when there is nothing to measure. */
export interface DoraKey {
  readonly value: number | null;
  /** `deploymentsPerWeek`, `seconds` or `ratio`. */
  readonly unit: 'deploymentsPerWeek' | 'seconds' | 'ratio';
  readonly band: DoraBand | null;
  /** How many deployments or events the value is computed from. */
  readonly samples: number;
  /** Why the value is null or partial, e.g. `git history unavailable: shallow clone`. */
  readonly note?: string;
}

export interface DoraEnvironment {
  readonly environment: string;
  readonly deploymentFrequency: DoraKey;
  /** Median seconds from the deployed commit's author time to the deployment. */
  readonly leadTime: DoraKey & { readonly medianCommitsPerDeployment: number | null };
  readonly changeFailureRate: DoraKey;
  /** Median seconds from a failed or rolled-back deployment to the next successful one. */
  readonly recoveryTime: DoraKey & { readonly unrecovered: number };
}

export interface DoraFigures {
  /** Where the band boundaries come from, e.g. `DORA Accelerate State of DevOps Report 2023`. */
  readonly bandsSource: string;
  readonly bandsYear: number;
  readonly environments: readonly DoraEnvironment[];
}

export type AlertKind = 'downtime' | 'totalDuration' | 'healthCheck' | 'failedDeployment' | 'timeToHealthy';

export interface Alert {
  readonly kind: AlertKind;
  readonly file: string;
  readonly id?: string;
  /** The measured value (seconds), absent for health checks and failed deployments. */
  readonly value?: number;
  readonly threshold?: number;
  readonly message: string;
}

export interface AlertThresholds {
  readonly downtimeSeconds: number;
  readonly totalSeconds: number;
  readonly timeToHealthySeconds: number;
}

export const DEFAULT_THRESHOLDS: AlertThresholds = {
  downtimeSeconds: 30,
  totalSeconds: 300,
  timeToHealthySeconds: 60
};

export interface Recommendation {
  readonly text: string;
  /** The figure that triggered the recommendation. */
  readonly evidence: { readonly figure: string; readonly value: number; readonly threshold?: number };
}

/** The whole result; its JSON form is the `metrics --json` schema. */
export interface DeploymentAnalytics {
  readonly schemaVersion: typeof ANALYTICS_SCHEMA_VERSION;
  /** When the figures were computed (ISO 8601 UTC). */
  readonly generatedAt: string;
  readonly filters: { readonly environment?: string; readonly since?: string };
  /** Number of records counted (after filters). */
  readonly records: number;
  readonly skipped: readonly SkippedFile[];
  readonly problems: readonly RecordProblemEntry[];
  readonly outcomes: OutcomeCounts;
  /** success / (success + failed + rolledBack); null when that is 0. */
  readonly successRate: number | null;
  readonly operators: readonly OperatorFigure[];
  readonly environments: readonly EnvironmentFigure[];
  /** 24 counts, by the hour of the start time's own wall clock. */
  readonly byHour: readonly number[];
  /** 7 counts, Monday first. */
  readonly byWeekday: readonly number[];
  /** 7 rows (Monday first) of 24 counts: when people deploy, weekday × hour of the recorded wall clock. */
  readonly byWeekdayHour: readonly (readonly number[])[];
  readonly perWeek: readonly PeriodCount[];
  readonly perMonth: readonly PeriodCount[];
  readonly durations: DurationFigures;
  readonly healthChecks: HealthCheckFigures;
  /** Newest first, by recorded start time. */
  readonly recent: readonly DeploymentSummary[];
  /** Longest total duration first. */
  readonly slowest: readonly DeploymentSummary[];
  readonly issues: IssueFigures;
  readonly steps: StepFigures;
  readonly trends: TrendFigures;
  readonly dora: DoraFigures;
  readonly thresholds: AlertThresholds;
  readonly alerts: readonly Alert[];
  readonly recommendations: readonly Recommendation[];
}

/** Author time of a commit, or why it cannot be known. */
export type CommitTimeResult = { readonly authorTimeMs: number } | { readonly unavailable: string };
export type CommitCountResult = { readonly count: number } | { readonly unavailable: string };

/**
 * Read access to git history, for lead time. The CLI and the extension implement it with
 * simple-git; tests use an in-memory fake. Implementations never reject: a shallow clone,
 * an unknown commit, a timeout or no git at all is reported as `{ unavailable: reason }`.
 */
export interface CommitHistory {
  /**
   * Optional: start what every question needs (finding the repository) now, so that it
   * overlaps other work, such as scanning the folder, rather than following it.
   */
  prepare?(): void;
  commitTime(hash: string): Promise<CommitTimeResult>;
  /** Commits reachable from `newer` and not from `older`. */
  commitsBetween(older: string, newer: string): Promise<CommitCountResult>;
  /**
   * Optional: `commitTime` for many commits at once, keyed by hash as given. A folder of
   * 10,000 records names thousands of commits; one git process for all of them, rather
   * than one each, is what keeps lead time from dominating a CI run.
   */
  commitTimes?(hashes: readonly string[]): Promise<Map<string, CommitTimeResult>>;
  /** Optional: `commitsBetween` for many pairs at once, keyed by `older..newer`. */
  commitCounts?(pairs: readonly CommitPair[]): Promise<Map<string, CommitCountResult>>;
}

export interface CommitPair {
  readonly older: string;
  readonly newer: string;
}

/** The key of a pair in `CommitHistory.commitCounts`'s answer: `older..newer`, as git writes a range. */
export function commitPairKey(pair: CommitPair): string {
  return `${pair.older}..${pair.newer}`;
}
