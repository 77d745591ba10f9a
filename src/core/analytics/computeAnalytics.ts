import type { Outcome, ParsedRecord, RecordedTime } from '../record/recordTypes';
import { formatDuration, parseDurationSeconds, secondsBetween } from '../record/recordTime';
import {
  ANALYTICS_SCHEMA_VERSION,
  DEFAULT_THRESHOLDS,
  type Alert,
  type AlertThresholds,
  type CountByName,
  type DeploymentAnalytics,
  type DeploymentSummary,
  type IssueFigures,
  type OperatorFigure,
  type OutcomeCounts,
  type PeriodCount,
  type RecordProblemEntry,
  type SkippedFile,
  type StepFigures,
  type TrendFigures
} from './analyticsTypes';
import { computeStats, median, round } from './stats';
import { computeDora, DORA_BANDS_SOURCE, DORA_BANDS_YEAR, type DoraDeployment, type LeadTimeSample } from './dora';
import { deriveRecommendations } from './recommendations';

export interface AnalyticsOptions {
  /** Only records of this environment (case-insensitive). */
  readonly environment?: string;
  /** Only records that started at or after this date (`YYYY-MM-DD` or a timestamp), compared on the recorded wall clock. */
  readonly since?: string;
  readonly thresholds?: Partial<AlertThresholds>;
  /** Milliseconds since the epoch; defaults to Date.now(). Used for `generatedAt` and stale in-progress records. */
  readonly now?: number;
  readonly recentLimit?: number;
  readonly slowestLimit?: number;
  readonly trendWindowWeeks?: number;
  /** Lead times measured from git, by record file; see `measureLeadTimes`. */
  readonly leadTimes?: ReadonlyMap<string, LeadTimeSample>;
}

export interface AnalyticsInput {
  readonly records: readonly ParsedRecord[];
  readonly skipped?: readonly SkippedFile[];
}

const OUTCOMES: readonly Outcome[] = ['success', 'failed', 'rolledBack', 'aborted', 'inProgress'];
const DAY_MS = 86_400_000;
/** Ten years of weekly trend points: more than any chart can show, few enough to send to it. */
const MAX_TREND_WEEKS = 520;
const TOP = 10;

function emptyOutcomes(): { -readonly [K in Outcome]: number } {
  return { success: 0, failed: 0, rolledBack: 0, aborted: 0, inProgress: 0 };
}

/** Instant of a wall clock read as UTC: differences between two wall clocks in the same zone stay right. */
function wallMs(t: RecordedTime): number {
  const w = t.wall;
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function isoWall(t: RecordedTime): string {
  const w = t.wall;
  const base = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
  if (t.offsetMinutes === undefined) {
    return base;
  }
  const sign = t.offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(t.offsetMinutes);
  return `${base}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** ISO 8601 week of a calendar date, e.g. `2025-W36`. */
export function isoWeek(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  // The week belongs to the year of its Thursday; week 1 is the week holding 4 January.
  date.setUTCDate(date.getUTCDate() - weekdayIndex(year, month, day) + 3);
  const weekYear = date.getUTCFullYear();
  const jan4 = Date.UTC(weekYear, 0, 4);
  const week1Thursday = jan4 + (3 - weekdayIndex(weekYear, 1, 4)) * DAY_MS;
  const week = 1 + Math.round((date.getTime() - week1Thursday) / (7 * DAY_MS));
  return `${weekYear}-W${pad(week)}`;
}

/** Monday-first weekday index (0..6) of a calendar date. */
export function weekdayIndex(year: number, month: number, day: number): number {
  return (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
}

/**
 * Reads a `--since` value: `YYYY-MM-DD`, or a timestamp as records write them. Returns the
 * wall-clock instant (read as UTC, like offset-less record times), or undefined when unreadable.
 */
export function parseSinceDate(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (m) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    const check = new Date(ms);
    return check.getUTCMonth() === Number(m[2]) - 1 && check.getUTCDate() === Number(m[3]) ? ms : undefined;
  }
  const full = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/.exec(text.trim());
  if (full) {
    return Date.UTC(Number(full[1]), Number(full[2]) - 1, Number(full[3]), Number(full[4]), Number(full[5]), Number(full[6] ?? 0));
  }
  return undefined;
}

/** Trimmed lower-case forms of field keys: records repeat the same few, so each is worked out once. */
const lowerKeys = new Map<string, string>();

function findField(rec: ParsedRecord, key: string): { value: string; line: number } | undefined {
  const wanted = key.toLowerCase();
  const fields = rec.fields;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (f.placeholder) {
      continue;
    }
    let lower = lowerKeys.get(f.key);
    if (lower === undefined) {
      lower = f.key.trim().toLowerCase();
      if (lowerKeys.size >= 2000) {
        lowerKeys.clear();
      }
      lowerKeys.set(f.key, lower);
    }
    if (lower === wanted) {
      return f;
    }
  }
  return undefined;
}

function fileOf(rec: ParsedRecord): string {
  return rec.fileName ?? rec.id ?? '(unnamed record)';
}

/** Phase durations measured from the starts: each runs to the next started phase, the last to End Time. */
function measurePhases(rec: ParsedRecord): Record<string, number> {
  const started = rec.phases
    .filter((p): p is typeof p & { start: RecordedTime } => p.start !== undefined)
    .map((p) => ({ name: p.name.toLowerCase(), start: p.start }))
    .sort((a, b) => secondsBetween(b.start, a.start));
  const result: Record<string, number> = {};
  for (let i = 0; i < started.length; i++) {
    const end = i + 1 < started.length ? started[i + 1].start : rec.endTime;
    if (!end) {
      continue;
    }
    const seconds = secondsBetween(started[i].start, end);
    if (seconds >= 0) {
      result[started[i].name] = round(seconds);
    }
  }
  return result;
}

interface Measured {
  readonly rec: ParsedRecord;
  readonly start: RecordedTime;
  /** Sort key: the start instant (wall clock read as UTC when no offset was written). */
  readonly startMs: number;
  readonly week: string;
  readonly month: string;
  readonly weekday: number;
  /** Monday of the start's week, as a UTC day instant. */
  readonly mondayMs: number;
  /** Labels of the failed, skipped and blocked steps (usually few of a record's many items). */
  readonly failedSteps: readonly string[];
  readonly skippedSteps: readonly string[];
  readonly blockedSteps: readonly string[];
  /** Alerts for the thresholds they were computed with. */
  alerts?: { readonly key: string; readonly list: readonly Alert[] };
  /**
   * Everything the aggregate pass counts, with its counting keys worked out once per record,
   * so that re-analysis after one change is a cheap pass over small summaries.
   */
  readonly tally: Tally;
  readonly summary: DeploymentSummary;
  readonly problems: RecordProblemEntry[];
}

/**
 * One record as the figures see it, with the problems found reading its optional metrics.
 * Returns undefined for a file with no start time: it is not a record.
 */
export function summarizeRecord(rec: ParsedRecord): { summary: DeploymentSummary; problems: RecordProblemEntry[] } | undefined {
  const m = measure(rec);
  return m && { summary: m.summary, problems: m.problems };
}

/**
 * Records from the folder scanner are the same objects until their file changes, so their
 * measurements are kept: re-analysis after one change re-measures one record.
 */
const measured = new WeakMap<ParsedRecord, Measured | null>();

function measure(rec: ParsedRecord): Measured | undefined {
  let m = measured.get(rec);
  if (m === undefined) {
    m = measureUncached(rec) ?? null;
    measured.set(rec, m);
  }
  return m ?? undefined;
}

/** A name to count under a case-insensitive key, and the spelling to show. */
type Counted = readonly [key: string, name: string];

interface Tally {
  readonly operator?: Counted;
  readonly environment?: Counted;
  readonly phases: ReadonlyArray<readonly [string, number]>;
  readonly issues: ReadonlyArray<{
    readonly phase?: Counted;
    readonly impact: 'High' | 'Medium' | 'Low' | 'unknown';
    readonly timeToResolveSeconds?: number;
    readonly resolved: boolean;
    readonly title?: Counted;
  }>;
  readonly failedSteps: readonly Counted[];
  readonly skippedSteps: readonly Counted[];
  readonly blockedSteps: readonly Counted[];
}

/** The key and shown spelling `bump` counts a name under. */
function counted(name: string): Counted {
  return [name.trim().replace(/\s+/g, ' ').toLowerCase(), name.trim()];
}

function tallyOf(rec: ParsedRecord, summary: DeploymentSummary, failed: readonly string[], skipped: readonly string[], blocked: readonly string[]): Tally {
  // Built by assignment in the order the spreads had, without the temporary objects.
  const tally: { -readonly [K in keyof Tally]?: Tally[K] } = {};
  if (summary.operator) {
    tally.operator = [summary.operator.trim().toLowerCase(), summary.operator.trim()] as const;
  }
  if (summary.environment) {
    tally.environment = counted(summary.environment);
  }
  tally.phases = Object.entries(summary.phases);
  tally.issues = rec.issues.length === 0 ? NO_ISSUES : rec.issues.map((issue) => {
    const entry: { -readonly [K in keyof Tally['issues'][number]]?: Tally['issues'][number][K] } = {};
    if (issue.phase && issue.phase.trim()) {
      entry.phase = counted(issue.phase.replace(/\s*\(.*$/, '') || issue.phase);
    }
    entry.impact = issue.impact ?? 'unknown';
    if (issue.timeToResolveSeconds !== undefined) {
      entry.timeToResolveSeconds = issue.timeToResolveSeconds;
    }
    entry.resolved = issue.resolved;
    if (issue.title.trim()) {
      entry.title = counted(issue.title);
    }
    return entry as Tally['issues'][number];
  });
  tally.failedSteps = failed.length === 0 ? NO_COUNTED : failed.map(counted);
  tally.skippedSteps = skipped.length === 0 ? NO_COUNTED : skipped.map(counted);
  tally.blockedSteps = blocked.length === 0 ? NO_COUNTED : blocked.map(counted);
  return tally as Tally;
}
const NO_ISSUES: Tally['issues'] = [];
const NO_COUNTED: readonly Counted[] = [];

function measureUncached(rec: ParsedRecord): Measured | undefined {
  const start = rec.startTime;
  if (!start) {
    return undefined;
  }
  const file = fileOf(rec);
  const problems: RecordProblemEntry[] = rec.problems.map((p) => ({ file, line: p.line + 1, message: p.message }));
  const readDuration = (key: string): number | undefined => {
    const field = findField(rec, key);
    if (!field) {
      return undefined;
    }
    const seconds = parseDurationSeconds(field.value);
    if (seconds === undefined) {
      problems.push({ file, line: field.line + 1, message: `${key} "${field.value}" is not a duration` });
    }
    return seconds;
  };
  const downtimeSeconds = readDuration('Downtime');
  const timeToHealthySeconds = readDuration('Time to Healthy');
  let healthCheck: 'passed' | 'failed' | undefined;
  const hc = findField(rec, 'Health Check');
  if (hc) {
    if (/fail|❌|unhealthy/i.test(hc.value)) {
      healthCheck = 'failed';
    } else if (/pass|✅|\bok\b|healthy|succe/i.test(hc.value)) {
      healthCheck = 'passed';
    } else {
      problems.push({ file, line: hc.line + 1, message: `Health Check "${hc.value}" is neither passed nor failed` });
    }
  }
  let totalSeconds: number | undefined;
  if (rec.endTime) {
    const seconds = secondsBetween(start, rec.endTime);
    if (seconds >= 0) {
      totalSeconds = round(seconds);
    } else {
      problems.push({ file, line: 1, message: 'End Time is before Start Time' });
    }
  }
  // Assigned in the order of the JSON output, without a spread per optional property.
  const built: { -readonly [K in keyof DeploymentSummary]?: DeploymentSummary[K] } = { file };
  if (rec.id) {
    built.id = rec.id;
  }
  built.start = start.raw;
  built.startIso = isoWall(start);
  if (rec.operator) {
    built.operator = rec.operator;
  }
  if (rec.environment) {
    built.environment = rec.environment;
  }
  if (rec.branch) {
    built.branch = rec.branch;
  }
  if (rec.commit) {
    built.commit = rec.commit;
  }
  built.outcome = rec.outcome;
  if (totalSeconds !== undefined) {
    built.totalSeconds = totalSeconds;
  }
  built.phases = measurePhases(rec);
  if (downtimeSeconds !== undefined) {
    built.downtimeSeconds = downtimeSeconds;
  }
  if (healthCheck) {
    built.healthCheck = healthCheck;
  }
  if (timeToHealthySeconds !== undefined) {
    built.timeToHealthySeconds = timeToHealthySeconds;
  }
  built.issues = rec.issues.length;
  const summary = built as DeploymentSummary;
  const w = start.wall;
  const weekday = weekdayIndex(w.year, w.month, w.day);
  const failedSteps: string[] = [];
  const skippedSteps: string[] = [];
  const blockedSteps: string[] = [];
  for (const item of rec.checklist) {
    const target = item.status === 'failed' ? failedSteps : item.status === 'skipped' ? skippedSteps : item.status === 'blocked' ? blockedSteps : undefined;
    if (target && item.label.trim()) {
      target.push(item.label);
    }
  }
  return {
    failedSteps,
    skippedSteps,
    blockedSteps,
    rec,
    start,
    startMs: start.epochMs,
    week: isoWeek(w.year, w.month, w.day),
    month: `${pad(w.year, 4)}-${pad(w.month)}`,
    weekday,
    mondayMs: Date.UTC(w.year, w.month - 1, w.day) - weekday * DAY_MS,
    summary,
    problems,
    tally: tallyOf(rec, summary, failedSteps, skippedSteps, blockedSteps)
  };
}

/** Positive when `b` started after `a`; ties broken by file name, so the order is stable. */
function newest(a: Measured, b: Measured): number {
  return b.startMs - a.startMs || (a.summary.file < b.summary.file ? 1 : a.summary.file > b.summary.file ? -1 : 0);
}

/** The alerts one deployment raises under `thresholds`. */
function alertsOf(m: Measured, thresholds: AlertThresholds): Alert[] {
  const { rec, summary } = m;
  const list: Alert[] = [];
  const who = summary.id ?? summary.file;
  const base = { file: summary.file, ...(summary.id ? { id: summary.id } : {}) };
  if (rec.outcome === 'failed' || rec.outcome === 'rolledBack') {
    list.push({ kind: 'failedDeployment', ...base, message: `${who} ${rec.outcome === 'failed' ? 'failed' : 'was rolled back'}` });
  }
  if (summary.downtimeSeconds !== undefined && summary.downtimeSeconds > thresholds.downtimeSeconds) {
    list.push({ kind: 'downtime', ...base, value: summary.downtimeSeconds, threshold: thresholds.downtimeSeconds, message: `${who}: downtime ${formatDuration(summary.downtimeSeconds)} is above ${formatDuration(thresholds.downtimeSeconds)}` });
  }
  if (summary.totalSeconds !== undefined && summary.totalSeconds > thresholds.totalSeconds) {
    list.push({ kind: 'totalDuration', ...base, value: summary.totalSeconds, threshold: thresholds.totalSeconds, message: `${who}: took ${formatDuration(summary.totalSeconds)}, above ${formatDuration(thresholds.totalSeconds)}` });
  }
  if (summary.healthCheck === 'failed') {
    list.push({ kind: 'healthCheck', ...base, message: `${who}: health check failed` });
  }
  if (summary.timeToHealthySeconds !== undefined && summary.timeToHealthySeconds > thresholds.timeToHealthySeconds) {
    list.push({ kind: 'timeToHealthy', ...base, value: summary.timeToHealthySeconds, threshold: thresholds.timeToHealthySeconds, message: `${who}: healthy after ${formatDuration(summary.timeToHealthySeconds)}, above ${formatDuration(thresholds.timeToHealthySeconds)}` });
  }
  return list;
}

function topCounts(counts: Map<string, { name: string; count: number }>, minimum = 1): CountByName[] {
  return [...counts.values()]
    .filter((c) => c.count >= minimum)
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .slice(0, TOP)
    .map((c) => ({ name: c.name, count: c.count }));
}

/** Counts under a case-insensitive key, keeping the first spelling seen for display. */
function bump(counts: Map<string, { name: string; count: number }>, item: Counted): void {
  // Indexed rather than destructured: array destructuring runs the iterator protocol, per call.
  const entry = counts.get(item[0]);
  if (entry) {
    entry.count++;
  } else {
    counts.set(item[0], { name: item[1], count: 1 });
  }
}

/**
 * Every figure of the dashboard, from parsed records. Pure: no file system, no clock except
 * `options.now`, no git (lead times come in through `options.leadTimes`). Records without a
 * start time are not records: they are added to `skipped`.
 */
export function computeAnalytics(input: AnalyticsInput, options: AnalyticsOptions = {}): DeploymentAnalytics {
  const now = options.now ?? Date.now();
  const thresholds: AlertThresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const skipped: SkippedFile[] = [...(input.skipped ?? [])];
  const sinceMs = options.since !== undefined ? parseSinceDate(options.since) : undefined;
  const envFilter = options.environment?.trim().toLowerCase();

  const all: Measured[] = [];
  for (const rec of input.records) {
    const m = measure(rec);
    if (!m) {
      skipped.push({ file: fileOf(rec), reason: 'no start time in its metadata, deployment ID or file name' });
      continue;
    }
    if (envFilter !== undefined && (m.rec.environment ?? '').trim().toLowerCase() !== envFilter) {
      continue;
    }
    if (sinceMs !== undefined && wallMs(m.start) < sinceMs) {
      continue;
    }
    all.push(m);
  }
  all.sort((a, b) => -newest(a, b)); // oldest first

  const outcomes = emptyOutcomes();
  const operators = new Map<string, OperatorFigure & { deployments: number; succeeded: number }>();
  const environments = new Map<string, { name: string; count: number }>();
  const byHour = new Array<number>(24).fill(0);
  const byWeekday = new Array<number>(7).fill(0);
  const weeks = new Map<string, { -readonly [K in Outcome]: number } & { period: string; total: number }>();
  const months = new Map<string, { -readonly [K in Outcome]: number } & { period: string; total: number }>();
  const totals: number[] = [];
  const phaseSamples = new Map<string, number[]>();
  const downtimes: number[] = [];
  const healthy: number[] = [];
  const healthChecks = { passed: 0, failed: 0 };
  const problems: RecordProblemEntry[] = [];
  const issueByPhase = new Map<string, { name: string; count: number }>();
  const issueTitles = new Map<string, { name: string; count: number }>();
  const byImpact = { High: 0, Medium: 0, Low: 0, unknown: 0 };
  const resolveTimes: number[] = [];
  let issueTotal = 0;
  let unresolved = 0;
  const failedSteps = new Map<string, { name: string; count: number }>();
  const skippedSteps = new Map<string, { name: string; count: number }>();
  const blockedSteps = new Map<string, { name: string; count: number }>();
  const alerts: Alert[] = [];
  const thresholdsKey = `${thresholds.downtimeSeconds}/${thresholds.totalSeconds}/${thresholds.timeToHealthySeconds}`;
  let staleInProgress = 0;

  const period = (map: typeof weeks, key: string) => {
    let entry = map.get(key);
    if (!entry) {
      entry = { period: key, total: 0, ...emptyOutcomes() };
      map.set(key, entry);
    }
    return entry;
  };

  for (const m of all) {
    const { rec, start, summary } = m;
    const w = start.wall;
    outcomes[rec.outcome]++;
    for (let i = 0; i < m.problems.length; i++) {
      problems.push(m.problems[i]);
    }

    const { tally } = m;
    if (tally.operator) {
      const key = tally.operator[0];
      let op = operators.get(key);
      if (!op) {
        op = { name: tally.operator[1], deployments: 0, succeeded: 0 };
        operators.set(key, op);
      }
      op.deployments++;
      if (rec.outcome === 'success') {
        op.succeeded++;
      }
    }
    if (tally.environment) {
      bump(environments, tally.environment);
    }
    byHour[w.hour]++;
    byWeekday[m.weekday]++;
    const weekEntry = period(weeks, m.week);
    weekEntry.total++;
    weekEntry[rec.outcome]++;
    const monthEntry = period(months, m.month);
    monthEntry.total++;
    monthEntry[rec.outcome]++;

    if (summary.totalSeconds !== undefined) {
      totals.push(summary.totalSeconds);
    }
    for (let i = 0; i < tally.phases.length; i++) {
      const phase = tally.phases[i];
      let list = phaseSamples.get(phase[0]);
      if (!list) {
        list = [];
        phaseSamples.set(phase[0], list);
      }
      list.push(phase[1]);
    }
    if (summary.downtimeSeconds !== undefined) {
      downtimes.push(summary.downtimeSeconds);
    }
    if (summary.timeToHealthySeconds !== undefined) {
      healthy.push(summary.timeToHealthySeconds);
    }
    if (summary.healthCheck) {
      healthChecks[summary.healthCheck]++;
    }

    for (const issue of tally.issues) {
      issueTotal++;
      if (issue.phase) {
        bump(issueByPhase, issue.phase);
      }
      byImpact[issue.impact]++;
      if (issue.timeToResolveSeconds !== undefined) {
        resolveTimes.push(issue.timeToResolveSeconds);
      }
      if (!issue.resolved) {
        unresolved++;
      }
      if (issue.title) {
        bump(issueTitles, issue.title);
      }
    }
    for (let i = 0; i < tally.failedSteps.length; i++) {
      bump(failedSteps, tally.failedSteps[i]);
    }
    for (let i = 0; i < tally.skippedSteps.length; i++) {
      bump(skippedSteps, tally.skippedSteps[i]);
    }
    for (let i = 0; i < tally.blockedSteps.length; i++) {
      bump(blockedSteps, tally.blockedSteps[i]);
    }
    if (m.alerts?.key !== thresholdsKey) {
      m.alerts = { key: thresholdsKey, list: alertsOf(m, thresholds) };
    }
    for (let i = 0; i < m.alerts.list.length; i++) {
      alerts.push(m.alerts.list[i]);
    }
    // Only records started by the tooling (with metadata) are expected to be finished.
    if (rec.outcome === 'inProgress' && rec.hasMetadata && now - start.epochMs > DAY_MS) {
      staleInProgress++;
    }
  }

  const finished = outcomes.success + outcomes.failed + outcomes.rolledBack;
  const successRate = finished > 0 ? round(outcomes.success / finished) : null;

  const phases: Record<string, NonNullable<ReturnType<typeof computeStats>>> = {};
  for (const [name, values] of phaseSamples) {
    const stats = computeStats(values);
    if (stats) {
      phases[name] = stats;
    }
  }

  const newestFirst = [...all].reverse();
  const recent = newestFirst.slice(0, options.recentLimit ?? 10).map((m) => m.summary);
  const slowest = firstInOrder(
    all.filter((m) => m.summary.totalSeconds !== undefined),
    (a, b) => (b.summary.totalSeconds ?? 0) - (a.summary.totalSeconds ?? 0) || newest(a, b),
    options.slowestLimit ?? 5
  ).map((m) => m.summary);

  const doraInput: DoraDeployment[] = [];
  for (const m of all) {
    if (m.summary.environment) {
      doraInput.push({
        file: m.summary.file,
        environment: m.summary.environment.trim(),
        outcome: m.rec.outcome,
        startMs: m.start.epochMs,
        ...(m.rec.endTime ? { endMs: m.start.epochMs + secondsBetween(m.start, m.rec.endTime) * 1000 } : {})
      });
    }
  }
  const periodSeconds = all.length > 1 ? secondsBetween(all[0].start, all[all.length - 1].start) : 0;

  const issues: IssueFigures = {
    total: issueTotal,
    byPhase: topCounts(issueByPhase),
    byImpact,
    meanTimeToResolveSeconds: resolveTimes.length ? round(resolveTimes.reduce((s, v) => s + v, 0) / resolveTimes.length) : null,
    unresolved,
    recurringTitles: topCounts(issueTitles, 2)
  };
  const steps: StepFigures = { failed: topCounts(failedSteps), skipped: topCounts(skippedSteps), blocked: topCounts(blockedSteps) };

  const withoutRecommendations: Omit<DeploymentAnalytics, 'recommendations'> = {
    schemaVersion: ANALYTICS_SCHEMA_VERSION,
    generatedAt: new Date(now).toISOString(),
    filters: {
      ...(options.environment !== undefined ? { environment: options.environment } : {}),
      ...(options.since !== undefined ? { since: options.since } : {})
    },
    records: all.length,
    skipped,
    problems,
    outcomes: outcomes as OutcomeCounts,
    successRate,
    operators: [...operators.values()].sort((a, b) => b.deployments - a.deployments || a.name.localeCompare(b.name)),
    environments: [...environments.values()]
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
      .map((e) => ({ name: e.name, deployments: e.count })),
    byHour,
    byWeekday,
    perWeek: sortPeriods(weeks),
    perMonth: sortPeriods(months),
    durations: { total: computeStats(totals), phases, downtime: computeStats(downtimes), timeToHealthy: computeStats(healthy) },
    healthChecks,
    recent,
    slowest,
    issues,
    steps,
    trends: computeTrends(all, options.trendWindowWeeks ?? 4),
    dora: { bandsSource: DORA_BANDS_SOURCE, bandsYear: DORA_BANDS_YEAR, environments: computeDora(doraInput, periodSeconds, options.leadTimes) },
    thresholds,
    alerts
  };
  return { ...withoutRecommendations, recommendations: deriveRecommendations(withoutRecommendations, { staleInProgress }) };
}

/**
 * The first `limit` items of a stable sort by `order`, without sorting everything: a handful
 * of slowest deployments out of 10,000 is one pass, not a full sort on every refresh.
 */
function firstInOrder<T>(items: readonly T[], order: (a: T, b: T) => number, limit: number): T[] {
  if (limit > 64) {
    return [...items].sort(order).slice(0, limit);
  }
  const top: T[] = [];
  for (const item of items) {
    if (top.length === limit && (limit === 0 || order(item, top[limit - 1]) >= 0)) {
      continue;
    }
    // After every item it does not precede, so that equal items keep their input order.
    let at = top.length;
    while (at > 0 && order(item, top[at - 1]) < 0) {
      at--;
    }
    top.splice(at, 0, item);
    if (top.length > limit) {
      top.pop();
    }
  }
  return top;
}

function sortPeriods(map: Map<string, PeriodCount>): PeriodCount[] {
  return [...map.values()].sort((a, b) => a.period.localeCompare(b.period)).map((p) => ({ ...p }));
}

/** Rolling success rate and median duration, week by week (empty weeks included), over `windowWeeks`. */
function computeTrends(oldestFirst: readonly Measured[], windowWeeks: number): TrendFigures {
  if (oldestFirst.length === 0) {
    return { windowWeeks, points: [] };
  }
  let firstMonday = Infinity;
  let lastMonday = -Infinity;
  for (const m of oldestFirst) {
    firstMonday = Math.min(firstMonday, m.mondayMs);
    lastMonday = Math.max(lastMonday, m.mondayMs);
  }
  firstMonday = Math.max(firstMonday, lastMonday - (MAX_TREND_WEEKS - 1) * 7 * DAY_MS);
  const buckets: Measured[][] = [];
  for (const m of oldestFirst) {
    const index = Math.round((m.mondayMs - firstMonday) / (7 * DAY_MS));
    if (index >= 0) {
      (buckets[index] ??= []).push(m);
    }
  }
  const points = [];
  for (let i = 0; i < buckets.length; i++) {
    const window = buckets.slice(Math.max(0, i - windowWeeks + 1), i + 1).flatMap((b) => b ?? []);
    let success = 0;
    let finished = 0;
    const totals: number[] = [];
    for (const m of window) {
      if (m.rec.outcome === 'success' || m.rec.outcome === 'failed' || m.rec.outcome === 'rolledBack') {
        finished++;
        if (m.rec.outcome === 'success') {
          success++;
        }
      }
      if (m.summary.totalSeconds !== undefined) {
        totals.push(m.summary.totalSeconds);
      }
    }
    const d = new Date(firstMonday + i * 7 * DAY_MS);
    points.push({
      period: isoWeek(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()),
      deployments: buckets[i]?.length ?? 0,
      rollingSuccessRate: finished ? round(success / finished) : null,
      rollingMedianSeconds: median(totals)
    });
  }
  return { windowWeeks, points };
}

export { OUTCOMES };
