import type { ChecklistItem, Outcome, ParsedRecord, RecordedTime } from '../record/recordTypes';
import { parseDurationSeconds, secondsBetween } from '../record/recordTime';
import { parseHealthCheck } from '../record/outcomeWords';
import { remembered } from '../boundedMemo';
import type { RecordProblemEntry } from './analyticsTypes';
import { round } from './stats';

/** One issue as the figures count it. */
export interface RowIssue {
  /** Phase as shown: parenthesised detail dropped; '' when the issue names no phase. */
  readonly phase: string;
  /** 0 High, 1 Medium, 2 Low, 3 unknown. */
  readonly impact: number;
  readonly timeToResolveSeconds: number | undefined;
  readonly resolved: boolean;
  readonly title: string;
}

/** What a row is made from: one record's facts, before anything is derived from them. */
export interface RowFacts {
  readonly file: string;
  readonly id: string | undefined;
  readonly start: RecordedTime;
  readonly end: RecordedTime | undefined;
  /** The zero-based line End Time was read from, where an End Time before the start is reported. */
  readonly endLine: number | undefined;
  readonly operator: string | undefined;
  readonly environment: string | undefined;
  readonly branch: string | undefined;
  readonly commit: string | undefined;
  readonly outcome: Outcome;
  readonly hasMetadata: boolean;
  /** Lower-case names and starts of the phases that have a readable start, in record order. */
  readonly phaseNames: readonly string[];
  readonly phaseStarts: readonly RecordedTime[];
  readonly downtime: MetricField | undefined;
  readonly timeToHealthy: MetricField | undefined;
  readonly healthCheck: MetricField | undefined;
  readonly issues: readonly RowIssue[];
  readonly failedSteps: readonly string[];
  readonly skippedSteps: readonly string[];
  readonly blockedSteps: readonly string[];
  /** Problems found while reading the record, already in their reported form. */
  readonly problems: RecordProblemEntry[];
}

/** One of the optional metric fields: its value as written (trimmed) and its zero-based line. */
export interface MetricField {
  readonly value: string;
  readonly line: number;
}

/**
 * The key a name is counted under (environments, issue titles, steps): trimmed, inner spaces
 * collapsed, lower case. `--env`, DORA and lead time's "same environment" use it too, so that
 * `Production`, `production ` and `PRODUCTION` are one environment everywhere.
 */
export function countedKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

const DAY_MS = 86_400_000;
const STANDARD_PHASES: readonly string[] = ['planning', 'execution', 'validation'];
const NONE: readonly never[] = [];

/**
 * One record as the analytics engine reads it: flat, small, and everything the figures,
 * the summaries and lead time need, worked out once when the record is read. The CLI and the
 * panel keep one row per file instead of the parsed record and its measurement (some forty
 * small objects a record); `rowOf` makes one from a parsed record and `readRecordRow`
 * straight from a file's bytes, with the same result.
 */
export class AnalyticsRow {
  readonly file: string;
  readonly id: string | undefined;
  readonly start: RecordedTime;
  /** The start instant (wall clock read as UTC when no offset was written), the sort key. */
  readonly startMs: number;
  /** The start's wall clock read as UTC, for `--since`. */
  readonly wallMs: number;
  /** End Time as an instant, when recorded and readable. */
  readonly endMs: number | undefined;
  /** End Time − Start Time in milliseconds, comparing wall clocks when only one has an offset. */
  readonly endOffsetMs: number | undefined;
  /** End Time − Start Time in seconds (rounded), when not negative. */
  readonly totalSeconds: number | undefined;
  readonly operator: string | undefined;
  readonly environment: string | undefined;
  /** The environment's `countedKey` ('' when none), for `--env` and lead time. */
  readonly environmentFilterKey: string;
  readonly branch: string | undefined;
  readonly commit: string | undefined;
  readonly outcome: Outcome;
  readonly hasMetadata: boolean;
  readonly hour: number;
  /** Monday first. */
  readonly weekday: number;
  /** The start's calendar day as a UTC day instant. */
  readonly dayMs: number;
  /** Measured phase durations (start to the next started phase, or to End Time). */
  readonly phaseNames: readonly string[];
  readonly phaseSeconds: readonly number[];
  readonly downtimeSeconds: number | undefined;
  readonly timeToHealthySeconds: number | undefined;
  readonly healthCheck: 'passed' | 'failed' | undefined;
  readonly issues: readonly RowIssue[];
  readonly failedSteps: readonly string[];
  readonly skippedSteps: readonly string[];
  readonly blockedSteps: readonly string[];
  readonly problems: readonly RecordProblemEntry[];

  constructor(facts: RowFacts) {
    const { start, end, file } = facts;
    const problems = facts.problems;
    this.file = file;
    this.id = facts.id;
    this.start = start;
    this.startMs = start.epochMs;
    const w = start.wall;
    this.wallMs = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    this.dayMs = Date.UTC(w.year, w.month - 1, w.day);
    this.hour = w.hour;
    // 1970-01-01 was a Thursday: index 3 counting from Monday.
    this.weekday = (((this.dayMs / DAY_MS) % 7) + 7 + 3) % 7;
    let totalSeconds: number | undefined;
    let endOffsetMs: number | undefined;
    if (end) {
      const seconds = secondsBetween(start, end);
      endOffsetMs = seconds * 1000;
      if (seconds >= 0) {
        totalSeconds = round(seconds);
      }
    }
    this.endMs = end?.epochMs;
    this.endOffsetMs = endOffsetMs;
    this.totalSeconds = totalSeconds;
    this.operator = facts.operator;
    this.environment = facts.environment;
    this.environmentFilterKey = countedKey(facts.environment ?? '');
    this.branch = facts.branch;
    this.commit = facts.commit;
    this.outcome = facts.outcome;
    this.hasMetadata = facts.hasMetadata;
    const measured = measurePhases(facts.phaseNames, facts.phaseStarts, end);
    this.phaseNames = measured.names;
    this.phaseSeconds = measured.seconds;
    this.downtimeSeconds = readDurationField(facts.downtime, 'Downtime', file, problems, downtimeSecondsOf);
    this.timeToHealthySeconds = readDurationField(facts.timeToHealthy, 'Time to Healthy', file, problems);
    let healthCheck: 'passed' | 'failed' | undefined;
    const hc = facts.healthCheck;
    if (hc) {
      healthCheck = healthCheckOf(hc.value);
      if (!healthCheck) {
        problems.push({ file, line: hc.line + 1, message: `Health Check "${hc.value}" is neither passed nor failed` });
      }
    }
    this.healthCheck = healthCheck;
    if (endOffsetMs !== undefined && totalSeconds === undefined) {
      problems.push({ file, line: facts.endLine === undefined ? 1 : facts.endLine + 1, message: 'End Time is before Start Time' });
    }
    this.issues = facts.issues;
    this.failedSteps = facts.failedSteps;
    this.skippedSteps = facts.skippedSteps;
    this.blockedSteps = facts.blockedSteps;
    this.problems = problems.length === 0 ? NONE : problems;
  }
}

const healthChecks = new Map<string, 'passed' | 'failed' | undefined>();

/** A `Health Check` value read as passed or failed (`parseHealthCheck`); undefined when it says neither. Read once per value. */
function healthCheckOf(value: string): 'passed' | 'failed' | undefined {
  return remembered(healthChecks, value, parseHealthCheck);
}

const downtimes = new Map<string, number | undefined>();
/**
 * What people write for a deployment that took nothing down: `no downtime …`, `no outage …`,
 * or `none`, `nil`, `zero`, `no` alone or before a bracket or punctuation (`None (maintenance
 * page only)`); not `none observed`, which may say something else.
 */
const NO_DOWNTIME = /^[\s*_`~]*(?:no[ \t]+(?:downtime|outage)(?![\p{L}\p{N}])|(?:none|nil|zero|no)[\s*_`~]*(?:$|[^\p{L}\p{N}\s*_`~]))/iu;

/** A `Downtime` value in seconds: a duration, or 0 for `none`, `no downtime`, `zero`. Read once per value. */
function downtimeSecondsOf(value: string): number | undefined {
  return remembered(downtimes, value, (v) => parseDurationSeconds(v) ?? (NO_DOWNTIME.test(v) ? 0 : undefined));
}

function readDurationField(field: MetricField | undefined, key: string, file: string, problems: RecordProblemEntry[], read = parseDurationSeconds): number | undefined {
  if (!field) {
    return undefined;
  }
  const seconds = read(field.value);
  if (seconds === undefined) {
    problems.push({ file, line: field.line + 1, message: `${key} "${field.value}" is not a duration` });
  }
  return seconds;
}

/**
 * Phase durations measured from the starts: each runs to the next started phase, the last to
 * End Time. Phases are taken in record order when their starts are; otherwise (rare) in the
 * stable order of their starts. A phase named twice keeps the later measurement under the
 * first name's position, as an object keyed by name would.
 */
function measurePhases(names: readonly string[], starts: readonly RecordedTime[], end: RecordedTime | undefined): { names: readonly string[]; seconds: readonly number[] } {
  let orderedNames = names;
  let orderedStarts = starts;
  let inOrder = true;
  for (let i = 1; i < starts.length && inOrder; i++) {
    // In order only when every start has an offset or none has: mixed ones compare as wall
    // clocks pairwise, which need not be transitive, so those take the sort.
    inOrder = secondsBetween(starts[i - 1], starts[i]) >= 0 && (starts[i].offsetMinutes === undefined) === (starts[0].offsetMinutes === undefined);
  }
  if (!inOrder) {
    const order = names.map((name, i) => ({ name, start: starts[i] })).sort((a, b) => secondsBetween(b.start, a.start));
    orderedNames = order.map((o) => o.name);
    orderedStarts = order.map((o) => o.start);
  }
  let outNames: string[] = [];
  let outSeconds: number[] = [];
  let unusual = false;
  for (let i = 0; i < orderedStarts.length; i++) {
    const to = i + 1 < orderedStarts.length ? orderedStarts[i + 1] : end;
    if (!to) {
      continue;
    }
    const seconds = secondsBetween(orderedStarts[i], to);
    if (!(seconds >= 0)) {
      continue;
    }
    const name = orderedNames[i];
    const first = name.charCodeAt(0);
    unusual ||= (first >= 0x30 && first <= 0x39) || first === 0x5f;
    const at = outNames.indexOf(name);
    if (at === -1) {
      outNames.push(name);
      outSeconds.push(round(seconds));
    } else {
      outSeconds[at] = round(seconds);
    }
  }
  if (unusual) {
    // A name such as `2` or `__proto__` behaves differently as an object key (integer keys come
    // first; `__proto__` is not a key at all), and the figures have always listed phases as
    // the keys of an object: such names take that path, so the figures stay the same.
    const byName: Record<string, number> = {};
    outNames.forEach((name, i) => {
      byName[name] = outSeconds[i];
    });
    outNames = Object.keys(byName);
    outSeconds = outNames.map((name) => byName[name]);
  }
  // The three standard phases, the usual case, share one list of names.
  const standard = outNames.length === 3 && outNames[0] === STANDARD_PHASES[0] && outNames[1] === STANDARD_PHASES[1] && outNames[2] === STANDARD_PHASES[2];
  return { names: standard ? STANDARD_PHASES : outNames.length === 0 ? NONE : outNames, seconds: outSeconds };
}

const IMPACT_INDEX: Readonly<Record<'High' | 'Medium' | 'Low' | 'unknown', number>> = { High: 0, Medium: 1, Low: 2, unknown: 3 };

function fileOf(rec: ParsedRecord): string {
  return rec.fileName ?? rec.id ?? '(unnamed record)';
}

const LISTED_METRICS = ['downtime', 'time to healthy', 'health check'] as const;
const lowerKeys = new Map<string, string>();

/**
 * The row of a parsed record (either reading: `parseRecord` or the lean analytics one), or
 * undefined when it has no start time: it is then not a record. `file` is the name the
 * figures show, by default the record's file name.
 */
export function rowOf(rec: ParsedRecord, file = fileOf(rec)): AnalyticsRow | undefined {
  const start = rec.startTime;
  if (!start) {
    return undefined;
  }
  const problems: RecordProblemEntry[] = [];
  for (const p of rec.problems) {
    problems.push({ file, line: p.line + 1, message: p.message });
  }
  // Each optional metric is the first field of its key that is not a placeholder.
  const metrics: (MetricField | undefined)[] = [undefined, undefined, undefined];
  for (const f of rec.fields) {
    if (!f.placeholder) {
      const at = LISTED_METRICS.indexOf(remembered(lowerKeys, f.key, (key) => key.trim().toLowerCase()) as (typeof LISTED_METRICS)[number]);
      if (at !== -1) {
        metrics[at] ??= f;
      }
    }
  }
  const phaseNames: string[] = [];
  const phaseStarts: RecordedTime[] = [];
  for (const p of rec.phases) {
    if (p.start !== undefined) {
      phaseNames.push(p.name.toLowerCase());
      phaseStarts.push(p.start);
    }
  }
  const steps = countedSteps(rec.checklist);
  return new AnalyticsRow({
    file,
    id: rec.id,
    start,
    end: rec.endTime,
    endLine: rec.endTimeLine,
    operator: rec.operator,
    environment: rec.environment,
    branch: rec.branch,
    commit: rec.commit,
    outcome: rec.outcome,
    hasMetadata: rec.hasMetadata,
    phaseNames,
    phaseStarts,
    downtime: metrics[0],
    timeToHealthy: metrics[1],
    healthCheck: metrics[2],
    issues: rec.issues.length === 0 ? NONE : rec.issues.map(rowIssue),
    ...steps,
    problems
  });
}

/** The labels of the failed, skipped and blocked steps, as the figures count them (unlabelled steps are not). */
export function countedSteps(checklist: readonly ChecklistItem[]): Pick<RowFacts, 'failedSteps' | 'skippedSteps' | 'blockedSteps'> {
  const failed: string[] = [];
  const skipped: string[] = [];
  const blocked: string[] = [];
  for (const item of checklist) {
    const list = item.status === 'failed' ? failed : item.status === 'skipped' ? skipped : item.status === 'blocked' ? blocked : undefined;
    if (list && item.label.trim()) {
      list.push(item.label);
    }
  }
  return {
    failedSteps: failed.length === 0 ? NONE : failed,
    skippedSteps: skipped.length === 0 ? NONE : skipped,
    blockedSteps: blocked.length === 0 ? NONE : blocked
  };
}

/** Rows of records given as parsed records (tests, callers without a scanner), kept while the record lives. */
const rows = new WeakMap<ParsedRecord, AnalyticsRow | null>();

/** The row of a record given either way; undefined when it has no start time. */
export function rowFor(rec: ParsedRecord | AnalyticsRow): AnalyticsRow | undefined {
  if (rec instanceof AnalyticsRow) {
    return rec;
  }
  let row = rows.get(rec);
  if (row === undefined) {
    row = rowOf(rec) ?? null;
    rows.set(rec, row);
  }
  return row ?? undefined;
}

/** An issue as the figures count it. */
export function rowIssue(issue: ParsedRecord['issues'][number]): RowIssue {
  const phase = issue.phase && issue.phase.trim() ? issue.phase.replace(/\s*\(.*$/, '') || issue.phase : '';
  return { phase, impact: IMPACT_INDEX[issue.impact ?? 'unknown'], timeToResolveSeconds: issue.timeToResolveSeconds, resolved: issue.resolved, title: issue.title };
}
