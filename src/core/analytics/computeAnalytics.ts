import type { Outcome, ParsedRecord, RecordedTime } from '../record/recordTypes';
import { formatDuration, secondsBetween } from '../record/recordTime';
import { countedKey, rowFor, type AnalyticsRow } from './analyticsRow';
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
import { remembered } from '../boundedMemo';
import { computeStats, medianBySelection, RememberedStats, round, roundRatio, sameNumbers } from './stats';
import { computeDora, DORA_BANDS_SOURCE, DORA_BANDS_YEAR, type DoraDeployment, type LeadTimeSample } from './dora';
import { deriveRecommendations } from './recommendations';
import { noStartTimeReason } from './startTimeReason';

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
  /**
   * Without `leadTimes`, why: lead time's note in every environment (`git history not read`
   * by default; the panel says it is still reading, or that the workspace is restricted).
   */
  readonly leadTimesUnread?: string;
}

export interface AnalyticsInput {
  /** Parsed records, or the rows the folder scanner reads for analytics (`readRecordRow`). */
  readonly records: readonly (ParsedRecord | AnalyticsRow)[];
  readonly skipped?: readonly SkippedFile[];
}

const OUTCOMES: readonly Outcome[] = ['success', 'failed', 'rolledBack', 'aborted', 'inProgress'];
const DAY_MS = 86_400_000;
/** Ten years of weekly trend points: more than any chart can show, few enough to send to it. */
const MAX_TREND_WEEKS = 520;
const TOP = 10;

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
 * Reads a `--since` value: `YYYY-MM-DD`, or a date and time `YYYY-MM-DDTHH:MM[:SS]` (`T` or a
 * space) without an offset. Returns the wall-clock instant (read as UTC, like offset-less
 * record times), or undefined when it is not one, or not a real date and time.
 */
export function parseSinceDate(text: string): number | undefined {
  // Whole text only: `2025-09-05T18:45garbage` or an offset (which a wall-clock comparison
  // cannot honour) is refused rather than half read.
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!m) {
    return undefined;
  }
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  const valid = check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
  return valid ? ms : undefined;
}

/**
 * Small integer ids for the names the figures count (operators, phases, weeks…), assigned
 * once when a record is measured: the aggregate pass then counts in typed arrays indexed by
 * id instead of hashing the same strings again on every refresh.
 */
class NameIds {
  private readonly byKey = new Map<string, number>();
  /** Raw spelling to id, so that the key (trim, collapse, lower-case) is worked out once per spelling. */
  private readonly byRaw = new Map<string, number>();

  constructor(private readonly keyOf: (raw: string) => string) {}

  get size(): number {
    return this.byKey.size;
  }

  id(raw: string): number {
    let id = this.byRaw.get(raw);
    if (id === undefined) {
      const key = this.keyOf(raw);
      id = this.byKey.get(key);
      if (id === undefined) {
        id = this.byKey.size;
        this.byKey.set(key, id);
      }
      this.byRaw.set(raw, id);
    }
    return id;
  }

  clear(): void {
    this.byKey.clear();
    this.byRaw.clear();
  }
}

const operatorIds = new NameIds((raw) => raw.trim().toLowerCase());
const environmentIds = new NameIds(countedKey);
const phaseIds = new NameIds((raw) => raw);
const issuePhaseIds = new NameIds(countedKey);
const issueTitleIds = new NameIds(countedKey);
const stepIds = new NameIds(countedKey);
const weekIds = new NameIds((raw) => raw);
const monthIds = new NameIds((raw) => raw);
const ALL_IDS = [operatorIds, environmentIds, phaseIds, issuePhaseIds, issueTitleIds, stepIds, weekIds, monthIds];
/** Past this many names (a folder of ever-new titles in a long session), the ids start over. */
const MAX_NAME_IDS = 200_000;
/** Bumped when the ids start over: a measurement from an older generation is measured again. */
let idGeneration = 0;

function recycleIdsWhenFull(): void {
  let total = 0;
  for (const ids of ALL_IDS) {
    total += ids.size;
  }
  if (total > MAX_NAME_IDS) {
    for (const ids of ALL_IDS) {
      ids.clear();
    }
    idGeneration++;
  }
}

const weekMemo = new Map<number, string>();
const monthMemo = new Map<number, string>();

/** ISO week label of a UTC day instant; `isoWeek` depends on the date only through it. */
function weekOfDay(dayMs: number): string {
  return remembered(weekMemo, dayMs, (ms) => {
    const d = new Date(ms);
    return isoWeek(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }, 5000);
}

function monthKey(year: number, month: number): string {
  if (month >= 1 && month <= 12 && Number.isInteger(year) && Number.isInteger(month)) {
    return remembered(monthMemo, year * 16 + month, () => `${pad(year, 4)}-${pad(month)}`, 5000);
  }
  return `${pad(year, 4)}-${pad(month)}`;
}

const OUTCOME_INDEX: Readonly<Record<Outcome, number>> = { success: 0, failed: 1, rolledBack: 2, aborted: 3, inProgress: 4 };

/** A row with the ids of the names it counts, for the current id generation. */
interface Measured {
  readonly generation: number;
  readonly row: AnalyticsRow;
  readonly outcome: number;
  readonly weekId: number;
  readonly week: string;
  readonly monthId: number;
  readonly month: string;
  /** Monday of the start's week, as a UTC day instant. */
  readonly mondayMs: number;
  readonly operatorId: number;
  readonly environmentId: number;
  readonly phaseIds: readonly number[];
  /** Per issue: the id of its shown phase and of its title, -1 when it has none. */
  readonly issuePhaseIds: readonly number[];
  readonly issueTitleIds: readonly number[];
  readonly failedStepIds: readonly number[];
  readonly skippedStepIds: readonly number[];
  readonly blockedStepIds: readonly number[];
  /** What DORA needs, when the record names its environment. */
  readonly dora: DoraDeployment | undefined;
  /** Alerts for the thresholds they were computed with. */
  alerts: { readonly key: string; readonly list: readonly Alert[] } | undefined;
  summary: DeploymentSummary | undefined;
}

/**
 * Rows from the folder scanner are the same objects until their file changes, so their
 * measurements are kept: re-analysis after one change re-measures one record.
 */
const measured = new WeakMap<AnalyticsRow, Measured>();

function measure(row: AnalyticsRow): Measured {
  let m = measured.get(row);
  if (m === undefined || m.generation !== idGeneration) {
    m = measureUncached(row);
    measured.set(row, m);
  }
  return m;
}

/** One string per environment key, so that DORA's grouping hashes each key once, not once per record. */
const environmentNames = new Map<string, string>();

function internedEnvironment(name: string): string {
  return remembered(environmentNames, name, (n) => n, 5000);
}

const NO_IDS: readonly number[] = [];

function idsOf(names: readonly string[], ids: NameIds): readonly number[] {
  if (names.length === 0) {
    return NO_IDS;
  }
  const out: number[] = [];
  for (let i = 0; i < names.length; i++) {
    out.push(ids.id(names[i]));
  }
  return out;
}

function measureUncached(row: AnalyticsRow): Measured {
  recycleIdsWhenFull();
  const w = row.start.wall;
  const week = weekOfDay(row.dayMs);
  const month = monthKey(w.year, w.month);
  let issuePhases: readonly number[] = NO_IDS;
  let issueTitles: readonly number[] = NO_IDS;
  if (row.issues.length > 0) {
    issuePhases = row.issues.map((issue) => (issue.phase ? issuePhaseIds.id(issue.phase) : -1));
    issueTitles = row.issues.map((issue) => (issue.title.trim() !== '' ? issueTitleIds.id(issue.title) : -1));
  }
  let dora: DoraDeployment | undefined;
  if (row.environment) {
    // Grouped under the key the environment distribution counts it under, so that DORA and
    // the distribution see the same environments; `computeAnalytics` names them alike.
    const environment = internedEnvironment(row.environmentFilterKey);
    const startMs = row.startMs;
    dora = row.endOffsetMs !== undefined
      ? { file: row.file, environment, outcome: row.outcome, startMs, endMs: startMs + row.endOffsetMs }
      : { file: row.file, environment, outcome: row.outcome, startMs };
  }
  return {
    generation: idGeneration,
    row,
    outcome: OUTCOME_INDEX[row.outcome],
    weekId: weekIds.id(week),
    week,
    monthId: monthIds.id(month),
    month,
    mondayMs: row.dayMs - row.weekday * DAY_MS,
    operatorId: row.operator ? operatorIds.id(row.operator) : -1,
    environmentId: row.environment ? environmentIds.id(row.environment) : -1,
    phaseIds: idsOf(row.phaseNames, phaseIds),
    issuePhaseIds: issuePhases,
    issueTitleIds: issueTitles,
    failedStepIds: idsOf(row.failedSteps, stepIds),
    skippedStepIds: idsOf(row.skippedSteps, stepIds),
    blockedStepIds: idsOf(row.blockedSteps, stepIds),
    dora,
    alerts: undefined,
    summary: undefined
  };
}

/**
 * What recent, slowest, history and export list about one deployment; built when first
 * shown (most rows never are), its properties assigned in the order of the JSON output.
 */
function summaryOf(m: Measured): DeploymentSummary {
  if (m.summary) {
    return m.summary;
  }
  const row = m.row;
  const built: { -readonly [K in keyof DeploymentSummary]?: DeploymentSummary[K] } = { file: row.file };
  if (row.id) {
    built.id = row.id;
  }
  built.start = row.start.raw;
  built.startIso = isoWall(row.start);
  if (row.operator) {
    built.operator = row.operator;
  }
  if (row.environment) {
    built.environment = row.environment;
  }
  if (row.branch) {
    built.branch = row.branch;
  }
  if (row.commit) {
    built.commit = row.commit;
  }
  built.outcome = row.outcome;
  if (row.totalSeconds !== undefined) {
    built.totalSeconds = row.totalSeconds;
  }
  const phases: Record<string, number> = {};
  for (let i = 0; i < row.phaseNames.length; i++) {
    phases[row.phaseNames[i]] = row.phaseSeconds[i];
  }
  built.phases = phases;
  if (row.downtimeSeconds !== undefined) {
    built.downtimeSeconds = row.downtimeSeconds;
  }
  if (row.healthCheck) {
    built.healthCheck = row.healthCheck;
  }
  if (row.timeToHealthySeconds !== undefined) {
    built.timeToHealthySeconds = row.timeToHealthySeconds;
  }
  built.issues = row.issues.length;
  m.summary = built as DeploymentSummary;
  return m.summary;
}

/** Positive when `b` started after `a`; ties broken by file name, so the order is stable. */
function newest(a: Measured, b: Measured): number {
  const x = a.row;
  const y = b.row;
  return y.startMs - x.startMs || (x.file < y.file ? 1 : x.file > y.file ? -1 : 0);
}

/** One alert, its properties assigned in the order of the JSON output (no spread per alert). */
function alertFor(row: AnalyticsRow, kind: Alert['kind'], message: string, value?: number, threshold?: number): Alert {
  const alert: { -readonly [K in keyof Alert]?: Alert[K] } = { kind, file: row.file };
  if (row.id) {
    alert.id = row.id;
  }
  if (value !== undefined) {
    alert.value = value;
    alert.threshold = threshold;
  }
  alert.message = message;
  return alert as Alert;
}

/**
 * True when `list` is already oldest first (file names usually carry the start, and the
 * scanner lists them by name): the stable sort would leave it as it is, so it is skipped.
 * A start that is not a number makes the order inconsistent, so then the sort decides.
 */
function oldestFirstAlready(list: readonly Measured[]): boolean {
  for (let i = 0; i < list.length; i++) {
    if (Number.isNaN(list[i].row.startMs) || (i > 0 && newest(list[i - 1], list[i]) < 0)) {
      return false;
    }
  }
  return true;
}

/** The keys the last sort ordered by (start and file, by input position) and the order it gave. */
let lastSort: { readonly starts: Float64Array; readonly files: readonly string[]; readonly order: Int32Array } | undefined;

/**
 * Sorts oldest first, as `all.sort((a, b) => -newest(a, b))` does. File names order records
 * by their local start, not by instant, so the list usually needs the sort; but the order it
 * gives depends only on each position's start and file, and a save rarely changes either:
 * then the last sort's order is applied again rather than sorting 10,000 records anew.
 */
function sortOldestFirst(all: Measured[]): void {
  if (oldestFirstAlready(all)) {
    return;
  }
  let order: Int32Array;
  if (lastSort !== undefined && sortsAsLastTime(lastSort, all)) {
    order = lastSort.order;
  } else {
    // Sorting positions with the same comparator gives the very order sorting the list would.
    const positions = Array.from({ length: all.length }, (_, i) => i);
    positions.sort((i, j) => -newest(all[i], all[j]));
    order = Int32Array.from(positions);
    lastSort = { starts: Float64Array.from(all, (m) => m.row.startMs), files: all.map((m) => m.row.file), order };
  }
  const unsorted = all.slice();
  for (let i = 0; i < all.length; i++) {
    all[i] = unsorted[order[i]];
  }
}

/** Whether every position of `all` holds the start and file it held at the last sort. */
function sortsAsLastTime(last: NonNullable<typeof lastSort>, all: readonly Measured[]): boolean {
  if (last.files.length !== all.length) {
    return false;
  }
  for (let i = 0; i < all.length; i++) {
    const row = all[i].row;
    if (!Object.is(row.startMs, last.starts[i]) || row.file !== last.files[i]) {
      return false;
    }
  }
  return true;
}

/** The alerts one deployment raises under `thresholds`. */
function alertsOf(m: Measured, thresholds: AlertThresholds): readonly Alert[] {
  const row = m.row;
  let list: Alert[] | undefined;
  const who = row.id ? row.id : row.file;
  if (row.outcome === 'failed' || row.outcome === 'rolledBack') {
    (list ??= []).push(alertFor(row, 'failedDeployment', `${who} ${row.outcome === 'failed' ? 'failed' : 'was rolled back'}`));
  }
  if (row.downtimeSeconds !== undefined && row.downtimeSeconds > thresholds.downtimeSeconds) {
    (list ??= []).push(alertFor(row, 'downtime', `${who}: downtime ${formatDuration(row.downtimeSeconds)} is above ${formatDuration(thresholds.downtimeSeconds)}`, row.downtimeSeconds, thresholds.downtimeSeconds));
  }
  if (row.totalSeconds !== undefined && row.totalSeconds > thresholds.totalSeconds) {
    (list ??= []).push(alertFor(row, 'totalDuration', `${who}: took ${formatDuration(row.totalSeconds)}, above ${formatDuration(thresholds.totalSeconds)}`, row.totalSeconds, thresholds.totalSeconds));
  }
  if (row.healthCheck === 'failed') {
    (list ??= []).push(alertFor(row, 'healthCheck', `${who}: health check failed`));
  }
  if (row.timeToHealthySeconds !== undefined && row.timeToHealthySeconds > thresholds.timeToHealthySeconds) {
    (list ??= []).push(alertFor(row, 'timeToHealthy', `${who}: healthy after ${formatDuration(row.timeToHealthySeconds)}, above ${formatDuration(thresholds.timeToHealthySeconds)}`, row.timeToHealthySeconds, thresholds.timeToHealthySeconds));
  }
  return list ?? NO_ALERTS;
}
const NO_ALERTS: readonly Alert[] = [];

/**
 * Counts by name id for one aggregate pass. The first spelling met (oldest record first) is
 * the one shown, and ids are listed in the order they were first met, as a Map would keep them.
 */
class Tallies {
  readonly counts: Int32Array;
  readonly names: string[] = [];
  readonly order: number[] = [];

  constructor(size: number) {
    this.counts = new Int32Array(size);
  }

  bump(id: number, name: string): void {
    if (this.counts[id]++ === 0) {
      this.names[id] = name;
      this.order.push(id);
    }
  }

  /** Trimmed shown name of `id`, as `counted` kept it. */
  entries(): { name: string; count: number }[] {
    const out: { name: string; count: number }[] = [];
    for (const id of this.order) {
      out.push({ name: this.names[id].trim(), count: this.counts[id] });
    }
    return out;
  }
}

function topCounts(tallies: Tallies, minimum = 1): CountByName[] {
  return tallies
    .entries()
    .filter((c) => c.count >= minimum)
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .slice(0, TOP);
}

/** Per-period counts of one id space: total then the five outcomes, six slots per id. */
function periodCounts(ids: readonly number[], keys: readonly string[], counts: Int32Array): PeriodCount[] {
  const out: PeriodCount[] = [];
  for (let i = 0; i < ids.length; i++) {
    const at = ids[i] * 6;
    out.push({
      period: keys[i],
      total: counts[at],
      success: counts[at + 1],
      failed: counts[at + 2],
      rolledBack: counts[at + 3],
      aborted: counts[at + 4],
      inProgress: counts[at + 5]
    });
  }
  return out.sort((a, b) => a.period.localeCompare(b.period));
}

/**
 * The aggregate pass: every count, sample and list the figures are made from, one deployment
 * after another, oldest first. A function of its own so that the JIT keeps its optimised code
 * from one re-analysis to the next: inside `computeAnalytics`, a deoptimisation in the code
 * that builds the output after it threw the loop's code away too, and the first re-analyses
 * after opening ran it unoptimised.
 */
function tallyDeployments(all: readonly Measured[], thresholds: AlertThresholds, now: number) {
  const outcomeCounts = new Int32Array(5);
  const operators = new Tallies(operatorIds.size);
  const operatorSucceeded = new Int32Array(operatorIds.size);
  const operatorFinished = new Int32Array(operatorIds.size);
  const environments = new Tallies(environmentIds.size);
  const byHour = new Array<number>(24).fill(0);
  const byWeekday = new Array<number>(7).fill(0);
  const byWeekdayHour = new Int32Array(7 * 24);
  const weekCounts = new Int32Array(weekIds.size * 6);
  const weekOrder: number[] = [];
  const weekKeys: string[] = [];
  const monthCounts = new Int32Array(monthIds.size * 6);
  const monthOrder: number[] = [];
  const monthKeys: string[] = [];
  const totals = new Float64Array(all.length);
  let totalCount = 0;
  const phaseSamples: number[][] = [];
  const phaseOrder: number[] = [];
  const phaseNames: string[] = [];
  const downtimes: number[] = [];
  const healthy: number[] = [];
  const healthChecks = { passed: 0, failed: 0 };
  const problems: RecordProblemEntry[] = [];
  const issueByPhase = new Tallies(issuePhaseIds.size);
  const issueTitles = new Tallies(issueTitleIds.size);
  const impactCounts = [0, 0, 0, 0];
  let resolveSum = 0;
  let resolveCount = 0;
  let issueTotal = 0;
  let unresolved = 0;
  const failedSteps = new Tallies(stepIds.size);
  const skippedSteps = new Tallies(stepIds.size);
  const blockedSteps = new Tallies(stepIds.size);
  const alerts: Alert[] = [];
  const thresholdsKey = `${thresholds.downtimeSeconds}/${thresholds.totalSeconds}/${thresholds.timeToHealthySeconds}`;
  let staleInProgress = 0;
  let withoutMetadata = 0;
  const doraInput: DoraDeployment[] = [];

  for (let r = 0; r < all.length; r++) {
    const m = all[r];
    const row = m.row;
    const outcome = m.outcome;
    outcomeCounts[outcome]++;
    for (let i = 0; i < row.problems.length; i++) {
      problems.push(row.problems[i]);
    }
    if (m.operatorId >= 0) {
      operators.bump(m.operatorId, row.operator!);
      if (outcome === 0) {
        operatorSucceeded[m.operatorId]++;
      }
      // Success, failed and rolled back (the first three indices): what the success rate divides by.
      if (outcome <= OUTCOME_INDEX.rolledBack) {
        operatorFinished[m.operatorId]++;
      }
    }
    if (m.environmentId >= 0) {
      environments.bump(m.environmentId, row.environment!);
    }
    byHour[row.hour]++;
    byWeekday[row.weekday]++;
    byWeekdayHour[row.weekday * 24 + row.hour]++;
    let at = m.weekId * 6;
    if (weekCounts[at]++ === 0) {
      weekOrder.push(m.weekId);
      weekKeys.push(m.week);
    }
    weekCounts[at + 1 + outcome]++;
    at = m.monthId * 6;
    if (monthCounts[at]++ === 0) {
      monthOrder.push(m.monthId);
      monthKeys.push(m.month);
    }
    monthCounts[at + 1 + outcome]++;

    if (row.totalSeconds !== undefined) {
      totals[totalCount++] = row.totalSeconds;
    }
    for (let i = 0; i < m.phaseIds.length; i++) {
      const id = m.phaseIds[i];
      let list = phaseSamples[id];
      if (list === undefined) {
        list = [];
        phaseSamples[id] = list;
        phaseOrder.push(id);
        phaseNames.push(row.phaseNames[i]);
      }
      list.push(row.phaseSeconds[i]);
    }
    if (row.downtimeSeconds !== undefined) {
      downtimes.push(row.downtimeSeconds);
    }
    if (row.timeToHealthySeconds !== undefined) {
      healthy.push(row.timeToHealthySeconds);
    }
    if (row.healthCheck) {
      healthChecks[row.healthCheck]++;
    }

    for (let i = 0; i < row.issues.length; i++) {
      const issue = row.issues[i];
      issueTotal++;
      if (m.issuePhaseIds[i] >= 0) {
        issueByPhase.bump(m.issuePhaseIds[i], issue.phase);
      }
      impactCounts[issue.impact]++;
      if (issue.timeToResolveSeconds !== undefined) {
        resolveSum += issue.timeToResolveSeconds;
        resolveCount++;
      }
      if (!issue.resolved) {
        unresolved++;
      }
      if (m.issueTitleIds[i] >= 0) {
        issueTitles.bump(m.issueTitleIds[i], issue.title);
      }
    }
    for (let i = 0; i < m.failedStepIds.length; i++) {
      failedSteps.bump(m.failedStepIds[i], row.failedSteps[i]);
    }
    for (let i = 0; i < m.skippedStepIds.length; i++) {
      skippedSteps.bump(m.skippedStepIds[i], row.skippedSteps[i]);
    }
    for (let i = 0; i < m.blockedStepIds.length; i++) {
      blockedSteps.bump(m.blockedStepIds[i], row.blockedSteps[i]);
    }
    if (m.alerts?.key !== thresholdsKey) {
      m.alerts = { key: thresholdsKey, list: alertsOf(m, thresholds) };
    }
    for (let i = 0; i < m.alerts.list.length; i++) {
      alerts.push(m.alerts.list[i]);
    }
    if (m.dora) {
      doraInput.push(m.dora);
    }
    // Only records started by the tooling (with metadata) are expected to be finished.
    if (!row.hasMetadata) {
      withoutMetadata++;
    } else if (outcome === OUTCOME_INDEX.inProgress && now - row.startMs > DAY_MS) {
      staleInProgress++;
    }
  }

  return { outcomeCounts, operators, operatorSucceeded, operatorFinished, environments, byHour, byWeekday, byWeekdayHour, weekCounts, weekOrder, weekKeys, monthCounts, monthOrder, monthKeys, totals, totalCount, phaseSamples, phaseOrder, phaseNames, downtimes, healthy, healthChecks, problems, issueByPhase, issueTitles, impactCounts, resolveSum, resolveCount, issueTotal, unresolved, failedSteps, skippedSteps, blockedSteps, alerts, staleInProgress, withoutMetadata, doraInput };
}

/** Duration statistics by what they describe, each remembering its last samples (see `RememberedStats`). */
let totalStats = new RememberedStats();
let downtimeStats = new RememberedStats();
let healthyStats = new RememberedStats();
/** By phase id; a folder naming ever-new phases starts the map over past this many. */
const phaseStats = new Map<number, RememberedStats>();
const MAX_REMEMBERED_PHASES = 64;

/**
 * Forgets the last sort order, duration statistics and trends kept for the next analysis.
 * The figures never depend on them; tests use this to compare with a computation from scratch.
 */
export function forgetRememberedFigures(): void {
  lastSort = undefined;
  lastTrends = undefined;
  totalStats = new RememberedStats();
  downtimeStats = new RememberedStats();
  healthyStats = new RememberedStats();
  phaseStats.clear();
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
  const envFilter = options.environment === undefined ? undefined : countedKey(options.environment);

  const all: Measured[] = [];
  for (const rec of input.records) {
    const row = rowFor(rec);
    if (!row) {
      const parsed = rec as ParsedRecord;
      skipped.push({ file: parsed.fileName ?? parsed.id ?? '(unnamed record)', reason: noStartTimeReason(parsed) });
      continue;
    }
    if (envFilter !== undefined && row.environmentFilterKey !== envFilter) {
      continue;
    }
    if (sinceMs !== undefined && row.wallMs < sinceMs) {
      continue;
    }
    all.push(measure(row));
  }
  // A measurement may have restarted the ids halfway through: measure those records again.
  for (let i = 0; i < all.length; i++) {
    if (all[i].generation !== idGeneration) {
      all[i] = measure(all[i].row);
    }
  }
  sortOldestFirst(all);

  const { outcomeCounts, operators, operatorSucceeded, operatorFinished, environments, byHour, byWeekday, byWeekdayHour, weekCounts, weekOrder, weekKeys, monthCounts, monthOrder, monthKeys, totals, totalCount, phaseSamples, phaseOrder, phaseNames, downtimes, healthy, healthChecks, problems, issueByPhase, issueTitles, impactCounts, resolveSum, resolveCount, issueTotal, unresolved, failedSteps, skippedSteps, blockedSteps, alerts, staleInProgress, withoutMetadata, doraInput } = tallyDeployments(all, thresholds, now);
  const outcomes: OutcomeCounts = {
    success: outcomeCounts[0],
    failed: outcomeCounts[1],
    rolledBack: outcomeCounts[2],
    aborted: outcomeCounts[3],
    inProgress: outcomeCounts[4]
  };
  const finished = outcomes.success + outcomes.failed + outcomes.rolledBack;
  const successRate = finished > 0 ? roundRatio(outcomes.success / finished) : null;

  const phases: Record<string, NonNullable<ReturnType<typeof computeStats>>> = {};
  if (phaseStats.size > MAX_REMEMBERED_PHASES) {
    phaseStats.clear();
  }
  for (let i = 0; i < phaseOrder.length; i++) {
    let remembered = phaseStats.get(phaseOrder[i]);
    if (remembered === undefined) {
      remembered = new RememberedStats();
      phaseStats.set(phaseOrder[i], remembered);
    }
    const stats = remembered.of(phaseSamples[phaseOrder[i]]);
    if (stats) {
      phases[phaseNames[i]] = stats;
    }
  }

  const recentLimit = options.recentLimit ?? 10;
  let recent: DeploymentSummary[] = [];
  if (Number.isInteger(recentLimit) && recentLimit >= 0) {
    for (let i = all.length - 1; i >= 0 && recent.length < recentLimit; i--) {
      recent.push(summaryOf(all[i]));
    }
  } else {
    recent = [...all].reverse().slice(0, recentLimit).map(summaryOf);
  }
  const slowest = firstInOrder(
    all.filter((m) => m.row.totalSeconds !== undefined),
    (a, b) => (b.row.totalSeconds ?? 0) - (a.row.totalSeconds ?? 0) || newest(a, b),
    options.slowestLimit ?? 5
  ).map(summaryOf);

  const periodSeconds = all.length > 1 ? secondsBetween(all[0].row.start, all[all.length - 1].row.start) : 0;
  const environmentFigures = environments.entries();
  // DORA's environments are keyed as the distribution counts them; each is shown by the name the distribution shows.
  const environmentNames = new Map(environmentFigures.map((e) => [countedKey(e.name), e.name]));
  const dora = computeDora(doraInput, periodSeconds, {
    leadTimes: options.leadTimes,
    unread: options.leadTimesUnread,
    nameOf: (key) => environmentNames.get(key) ?? key
  });

  const byImpact = { High: impactCounts[0], Medium: impactCounts[1], Low: impactCounts[2], unknown: impactCounts[3] };
  const issues: IssueFigures = {
    total: issueTotal,
    byPhase: topCounts(issueByPhase),
    byImpact,
    meanTimeToResolveSeconds: resolveCount ? round(resolveSum / resolveCount) : null,
    unresolved,
    recurringTitles: topCounts(issueTitles, 2)
  };
  const steps: StepFigures = { failed: topCounts(failedSteps), skipped: topCounts(skippedSteps), blocked: topCounts(blockedSteps) };

  const operatorFigures: OperatorFigure[] = [];
  for (const id of operators.order) {
    operatorFigures.push({ name: operators.names[id].trim(), deployments: operators.counts[id], succeeded: operatorSucceeded[id], finished: operatorFinished[id] });
  }

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
    outcomes,
    successRate,
    operators: operatorFigures.sort((a, b) => b.deployments - a.deployments || a.name.localeCompare(b.name)),
    environments: environmentFigures
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
      .map((e) => ({ name: e.name, deployments: e.count })),
    byHour,
    byWeekday,
    byWeekdayHour: Array.from({ length: 7 }, (_, day) => Array.from(byWeekdayHour.subarray(day * 24, day * 24 + 24))),
    perWeek: periodCounts(weekOrder, weekKeys, weekCounts),
    perMonth: periodCounts(monthOrder, monthKeys, monthCounts),
    durations: { total: totalStats.of(totals.subarray(0, totalCount)), phases, downtime: downtimeStats.of(downtimes), timeToHealthy: healthyStats.of(healthy) },
    healthChecks,
    recent,
    slowest,
    issues,
    steps,
    trends: rememberedTrends(all, options.trendWindowWeeks ?? 4),
    dora: { bandsSource: DORA_BANDS_SOURCE, bandsYear: DORA_BANDS_YEAR, environments: dora.environments },
    thresholds,
    alerts
  };
  return { ...withoutRecommendations, recommendations: deriveRecommendations(withoutRecommendations, { staleInProgress, withoutMetadata, dora: dora.details }) };
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

const WEEK_MS = 7 * DAY_MS;

/** What the last trends were computed from (week, outcome and duration of each deployment, and the window) and what they were. */
let lastTrends: { readonly inputs: Float64Array; readonly windowWeeks: number; readonly figures: TrendFigures } | undefined;

/**
 * `computeTrends`, or a copy of the last trends when every deployment still has the same
 * week, outcome and duration in the same order: what a save usually leaves as it was.
 */
function rememberedTrends(oldestFirst: readonly Measured[], windowWeeks: number): TrendFigures {
  // Three numbers a deployment; a missing duration as NaN, which no duration is.
  const inputs = new Float64Array(oldestFirst.length * 3);
  for (let i = 0; i < oldestFirst.length; i++) {
    const m = oldestFirst[i];
    inputs[i * 3] = m.mondayMs;
    inputs[i * 3 + 1] = m.outcome;
    inputs[i * 3 + 2] = m.row.totalSeconds ?? NaN;
  }
  const last = lastTrends;
  if (last !== undefined && Object.is(last.windowWeeks, windowWeeks) && sameNumbers(last.inputs, inputs)) {
    return { windowWeeks: last.figures.windowWeeks, points: last.figures.points.map((point) => ({ ...point })) };
  }
  const figures = computeTrends(oldestFirst, windowWeeks);
  lastTrends = { inputs, windowWeeks, figures: { windowWeeks: figures.windowWeeks, points: figures.points.map((point) => ({ ...point })) } };
  return figures;
}

/**
 * Rolling success rate and median duration, week by week (empty weeks included), over
 * `windowWeeks`. Counts slide over per-week sums; the durations of each week sit side by
 * side in one typed array, so a window's samples are one contiguous slice to sort.
 */
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
  firstMonday = Math.max(firstMonday, lastMonday - (MAX_TREND_WEEKS - 1) * WEEK_MS);
  const bucketOf = new Int32Array(oldestFirst.length);
  let weeks = 0;
  for (let i = 0; i < oldestFirst.length; i++) {
    const index = Math.round((oldestFirst[i].mondayMs - firstMonday) / WEEK_MS);
    bucketOf[i] = index >= 0 ? index : -1;
    if (index + 1 > weeks) {
      weeks = index + 1;
    }
  }
  const deployments = new Int32Array(weeks);
  const successes = new Int32Array(weeks);
  const finishedCounts = new Int32Array(weeks);
  // offsets[b]..offsets[b + 1] holds week b's durations.
  const offsets = new Int32Array(weeks + 1);
  for (let i = 0; i < oldestFirst.length; i++) {
    const b = bucketOf[i];
    if (b < 0) {
      continue;
    }
    const m = oldestFirst[i];
    deployments[b]++;
    if (m.outcome <= 2) {
      finishedCounts[b]++;
      if (m.outcome === 0) {
        successes[b]++;
      }
    }
    if (m.row.totalSeconds !== undefined) {
      offsets[b + 1]++;
    }
  }
  for (let b = 0; b < weeks; b++) {
    offsets[b + 1] += offsets[b];
  }
  const durations = new Float64Array(offsets[weeks]);
  const fill = offsets.slice(0, weeks);
  for (let i = 0; i < oldestFirst.length; i++) {
    const b = bucketOf[i];
    const total = oldestFirst[i].row.totalSeconds;
    if (b >= 0 && total !== undefined) {
      durations[fill[b]++] = total;
    }
  }
  const scratch = new Float64Array(durations.length);
  const points = [];
  // Prefix sums: a window's counts are two lookups.
  const successBefore = new Int32Array(weeks + 1);
  const finishedBefore = new Int32Array(weeks + 1);
  for (let b = 0; b < weeks; b++) {
    successBefore[b + 1] = successBefore[b] + successes[b];
    finishedBefore[b + 1] = finishedBefore[b] + finishedCounts[b];
  }
  for (let i = 0; i < weeks; i++) {
    // The weeks `slice(max(0, i - windowWeeks + 1), i + 1)` takes, for any window option.
    const lower = Math.max(0, i - windowWeeks + 1);
    const first = Math.min(i + 1, Number.isNaN(lower) ? 0 : Math.trunc(lower));
    const success = successBefore[i + 1] - successBefore[first];
    const finished = finishedBefore[i + 1] - finishedBefore[first];
    const from = offsets[first];
    const count = offsets[i + 1] - from;
    let rollingMedianSeconds: number | null = null;
    if (count > 0) {
      const window = scratch.subarray(0, count);
      window.set(durations.subarray(from, from + count));
      rollingMedianSeconds = round(medianBySelection(window));
    }
    points.push({
      period: weekOfDay(firstMonday + i * WEEK_MS),
      deployments: deployments[i],
      rollingSuccessRate: finished ? roundRatio(success / finished) : null,
      rollingMedianSeconds
    });
  }
  return { windowWeeks, points };
}

export { OUTCOMES };
