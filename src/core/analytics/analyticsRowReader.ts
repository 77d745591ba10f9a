import { cleanValue, createLineReader, issueEntries, isPlaceholderValue, parseOutcome, readRecordField, readRecordLine, recordedGitValue, restartLineReader, type MutableIssue, type RecordLineReader, type SectionKind } from '../record/recordParser';
import { SpanMemo } from './spanMemo';
import { deploymentIdFromFileName, timeFromDeploymentId, timeFromFileName } from '../record/recordFiles';
import { parseRecordedTime } from '../record/recordTime';
import type { Outcome, RecordedTime } from '../record/recordTypes';
import type { RecordProblemEntry } from './analyticsTypes';
import { AnalyticsRow, countedSteps, rowIssue, rowOf, type MetricField } from './analyticsRow';
import { bomLength, FieldLine, fieldValue, lineEndAt, markerCursor, mustRead, readRecordBytesForAnalytics, splitField, splitFieldLine } from './analyticsRecordReader';

/**
 * The metadata and metrics fields of the record template, by key as the template spells it:
 * what a row needs from each. A record that spells a kept key any other way (`start time`,
 * `Status`, a custom phase) is read by the general path instead.
 */
const enum Slot {
  Id,
  Start,
  Date,
  Operator,
  Environment,
  Branch,
  Commit,
  End,
  Status,
  Downtime,
  TimeToHealthy,
  HealthCheck,
  PlanningStart,
  ExecutionStart,
  ValidationStart,
  PlanningDuration,
  ExecutionDuration,
  ValidationDuration,
  /** Kept by the parser but not read by the figures: `Total Duration`, `Outcome Note`. */
  Unused
}
const SLOT_COUNT = Slot.Unused;

const TEMPLATE_KEYS: ReadonlyMap<string, Slot> = new Map([
  ['Deployment ID', Slot.Id],
  ['Start Time', Slot.Start],
  ['Date', Slot.Date],
  ['Operator', Slot.Operator],
  ['Environment', Slot.Environment],
  ['Git Branch', Slot.Branch],
  ['Git Commit', Slot.Commit],
  ['End Time', Slot.End],
  ['Success Status', Slot.Status],
  ['Downtime', Slot.Downtime],
  ['Time to Healthy', Slot.TimeToHealthy],
  ['Health Check', Slot.HealthCheck],
  ['Planning Start', Slot.PlanningStart],
  ['Execution Start', Slot.ExecutionStart],
  ['Validation Start', Slot.ValidationStart],
  ['Planning Duration', Slot.PlanningDuration],
  ['Execution Duration', Slot.ExecutionDuration],
  ['Validation Duration', Slot.ValidationDuration],
  ['Total Duration', Slot.Unused],
  ['Outcome Note', Slot.Unused]
]);
const PHASE_NAMES = ['planning', 'execution', 'validation'] as const;

const NONE: readonly never[] = [];

/**
 * One file's analytics row, straight from its bytes: what `rowOf(parseRecordForAnalytics(…))`
 * gives, without building the parsed record. Records written from the template (nearly all)
 * take a path that keeps only the template's fields, as values, and hands every other line
 * that can matter (headings, rules, fences, failed or skipped steps, issues) to the parser's
 * own line reader. Anything the template does not explain — a kept field spelled another way,
 * a field written twice, a time that cannot be read, an issue written as a note (an indented
 * `RESOLUTION:` bullet under a list item this path passed over) — sends the record down the
 * general path, which reads it in full. `file` is the path shown for the record (relative to
 * the folder). Undefined when the file has no start time: it is not a record. Never throws.
 */
export function readRecordRow(bytes: Buffer, file: string): AnalyticsRow | undefined {
  const base = baseName(file);
  // As the scanner has always named records: by path in a subfolder, else by base name.
  const shown = file.includes('/') ? file : base;
  const row = readTemplateRow(bytes, shown);
  return row !== null ? row : rowOf(readRecordBytesForAnalytics(bytes, base), shown);
}

/**
 * The row by the template path alone, or null when the record needs the general path (for
 * tests, which check that template records do take it). Never throws.
 */
export function readTemplateRow(bytes: Buffer, file: string): AnalyticsRow | undefined | null {
  try {
    return readTemplateRowUnsafe(bytes, file, baseName(file));
  } catch {
    return null;
  }
}

/**
 * The last part of a scanner path. Only `/` separates: the scanner joins subfolders with it on
 * every system, and a `\` is part of a file's name (as it may be outside Windows).
 */
function baseName(file: string): string {
  let at = file.length;
  while (at > 0 && file.charCodeAt(at - 1) !== 0x2f) {
    at--;
  }
  return at === 0 ? file : file.slice(at);
}

/**
 * Where each template field's value sits in the record's text, by slot: from just after the
 * colon to the end of the line, and the field's zero-based line. A value is decoded only
 * when the row needs it, and a value records repeat (operators, statuses) not at all.
 */
const present = new Uint8Array(SLOT_COUNT);
const valueStarts = new Int32Array(SLOT_COUNT);
const valueEnds = new Int32Array(SLOT_COUNT);
const lines = new Int32Array(SLOT_COUNT);

/** A value as written after the colon, read every way the row uses one. */
interface ValueReading {
  /** Trimmed; undefined when a placeholder (`[AUTO-FILLED]`, empty). */
  readonly filled: string | undefined;
  /** `filled` without emphasis or code ticks. */
  readonly plain: string | undefined;
  /** As a `Success Status`. */
  readonly outcome: Outcome;
}

function readValue(raw: string): ValueReading {
  const trimmed = raw.trim();
  const filled = isPlaceholderValue(trimmed) ? undefined : trimmed;
  return { filled, plain: filled === undefined ? undefined : cleanValue(filled), outcome: parseOutcome(trimmed) };
}

/** Readings of the values records repeat, by the bytes written: operator, environment, branch, status, health. */
const repeatedValues = new SpanMemo<ValueReading>();

/** Text a UTF-8 line or paragraph separator decodes to when read as latin1. */
const LINE_SEPARATOR_BYTES = '\u00e2\u0080\u00a8';
const PARAGRAPH_SEPARATOR_BYTES = '\u00e2\u0080\u00a9';

/**
 * What a line starting with `#` does to the parser's line reader outside a code block:
 * nothing (`#tag`), end an issue (a `###` heading), or start a `#`/`##` section. An issue
 * heading is remembered only as one: the line reader reads each, since it starts an issue.
 */
type HeadingEffect = { readonly section: string; readonly kind: SectionKind; readonly metadata: boolean } | 'endsIssue' | 'none' | 'issue';
const headingEffects = new SpanMemo<HeadingEffect>();
/** No heading reads as this: the line reader trims a heading's text. */
const SENTINEL_SECTION = ' ';
const SENTINEL_ISSUE: MutableIssue = { number: 0, title: '', line: 0, resolved: false, placeholder: true };
const scratch = createLineReader(true);

/** The effect of a `#` line, found by letting the line reader read it on a scratch reader. */
function headingEffectOf(line: string): HeadingEffect {
  restartLineReader(scratch);
  scratch.section = SENTINEL_SECTION;
  scratch.issue = SENTINEL_ISSUE;
  readRecordLine(scratch, line, 0);
  if (scratch.issues.length > 0 || scratch.fence !== undefined) {
    return 'issue';
  }
  if (scratch.section !== SENTINEL_SECTION) {
    return { section: scratch.section, kind: scratch.kind, metadata: scratch.hasMetadata };
  }
  return scratch.issue === undefined ? 'endsIssue' : 'none';
}

/** Applies a `#` line at [start, end) to `state`; false when the line reader must read it. */
function readHeadingLine(text: string, bytes: Buffer, from: number, start: number, end: number, state: RecordLineReader): boolean {
  let effect = headingEffects.get(text, start, end);
  if (effect === undefined) {
    effect = headingEffectOf(bytes.toString('utf8', from + start, from + end));
    headingEffects.set(text, start, end, effect);
  }
  if (effect === 'issue') {
    return false;
  }
  if (effect !== 'none') {
    state.issue = undefined;
    if (effect !== 'endsIssue') {
      state.section = effect.section;
      state.kind = effect.kind;
      if (effect.metadata) {
        state.hasMetadata = true;
      }
    }
  }
  return true;
}

/** The reader for template rows, reused from record to record (restarted each time). */
const reader = createLineReader(true);

function readTemplateRowUnsafe(bytes: Buffer, file: string, base: string): AnalyticsRow | undefined | null {
  const from = bomLength(bytes);
  const text = bytes.toString('latin1', from);
  const state = reader;
  restartLineReader(state);
  const hasCr = text.indexOf('\r') !== -1;
  const length = text.length;
  // The parser's field pattern stops at these separators; a record holding one is left to it.
  if (text.indexOf(LINE_SEPARATOR_BYTES) !== -1 || text.indexOf(PARAGRAPH_SEPARATOR_BYTES) !== -1) {
    return null;
  }
  const markerAt = markerCursor();
  present.fill(0);
  // Phases (0-2) in the order their first field appears, as the parser lists them.
  const phaseOrder: number[] = [];
  let lineNo = 0;
  let start = 0;
  while (start <= length) {
    const end = lineEndAt(text, start);
    let done = false;
    // `start < end` first: reading past the text (the empty line after a final newline)
    // would throw away the optimised code of this loop.
    if (state.fence === undefined && start < end && text.charCodeAt(start) === 0x23) {
      done = readHeadingLine(text, bytes, from, start, end, state);
    } else if (state.fence === undefined && (state.issue !== undefined || state.kind === 'metadata' || state.kind === 'metrics')) {
      const split = splitFieldLine(text, start, end, hasCr);
      if (split === FieldLine.NotAField) {
        done = true;
      } else if (split === FieldLine.Field) {
        const key = splitField.key;
        if (state.issue !== undefined) {
          const rawValue = fieldValue(bytes, from);
          if (rawValue !== undefined) {
            readRecordField(state, key.key, rawValue, lineNo);
            done = true;
          }
        } else {
          if (key.slot === -2) {
            key.slot = TEMPLATE_KEYS.get(key.key) ?? -1;
          }
          const slot = key.slot;
          if (slot < 0) {
            if (key.kept) {
              return null;
            }
            done = true;
          } else if (slot !== Slot.Unused) {
            if (present[slot] !== 0) {
              return null; // written twice: which one counts is the parser's to say
            }
            present[slot] = 1;
            valueStarts[slot] = splitField.valueStart;
            valueEnds[slot] = splitField.lineEnd;
            lines[slot] = lineNo;
            if (slot >= Slot.PlanningStart && !phaseOrder.includes((slot - Slot.PlanningStart) % 3)) {
              phaseOrder.push((slot - Slot.PlanningStart) % 3);
            }
            done = true;
          } else {
            done = true;
          }
        }
      }
    }
    if (!done && mustRead(text, start, end, state, markerAt)) {
      readRecordLine(state, bytes.toString('utf8', from + start, from + end), lineNo);
    }
    lineNo++;
    start = end + 1;
  }
  // The parser's own reader took a kept field (a `*` bullet, a key in other letters) or met
  // an unclosed fence: the general path keeps their order and messages. A `RESOLUTION:`
  // bullet may make a list item this path passed over an issue: the general path reads it.
  if (state.values.size > 0 || state.phases.size > 0 || state.fence !== undefined || state.noteChildSeen) {
    return null;
  }

  const problems: RecordProblemEntry[] = [];
  /** A value read afresh from the bytes (a kept one must not hold on to the file's text), trimmed; undefined when a placeholder. */
  const filled = (slot: Slot): string | undefined => {
    if (present[slot] === 0) {
      return undefined;
    }
    const value = bytes.toString('utf8', from + valueStarts[slot], from + valueEnds[slot]).trim();
    return isPlaceholderValue(value) ? undefined : value;
  };
  const plain = (slot: Slot): string | undefined => {
    const value = filled(slot);
    return value === undefined ? undefined : cleanValue(value);
  };
  /**
   * `filled` for a value the row does not keep (End Time, phase starts): an ASCII one is
   * taken from the latin1 text, where it reads the same as decoded, without decoding it.
   */
  const passing = (slot: Slot): string | undefined => {
    if (present[slot] === 0) {
      return undefined;
    }
    const start = valueStarts[slot];
    const end = valueEnds[slot];
    for (let i = start; i < end; i++) {
      if (text.charCodeAt(i) >= 0x80) {
        return filled(slot);
      }
    }
    const value = text.slice(start, end).trim();
    return isPlaceholderValue(value) ? undefined : value;
  };
  /** A value records repeat, read once for all of them. */
  const repeated = (slot: Slot): ValueReading | undefined => {
    if (present[slot] === 0) {
      return undefined;
    }
    const start = valueStarts[slot];
    const end = valueEnds[slot];
    let reading = repeatedValues.get(text, start, end);
    if (reading === undefined) {
      reading = readValue(bytes.toString('utf8', from + start, from + end));
      repeatedValues.set(text, start, end, reading);
    }
    return reading;
  };
  const writtenId = plain(Slot.Id);
  const id = writtenId ?? deploymentIdFromFileName(base);
  let startTime: RecordedTime | undefined;
  const startValue = filled(Slot.Start);
  if (startValue !== undefined) {
    startTime = parseRecordedTime(startValue);
    if (!startTime) {
      return null; // reported as a problem, in the parser's order
    }
  }
  if (!startTime) {
    const dateValue = filled(Slot.Date);
    startTime = dateValue !== undefined ? parseRecordedTime(dateValue) : undefined;
  }
  startTime ??= writtenId !== undefined ? timeFromDeploymentId(writtenId) : undefined;
  startTime ??= timeFromFileName(base);
  if (!startTime) {
    return undefined;
  }
  const endValue = passing(Slot.End);
  const endTime = endValue === undefined ? undefined : parseRecordedTime(endValue);
  if (endValue !== undefined && !endTime) {
    return null;
  }

  const phaseNames: string[] = [];
  const phaseStarts: RecordedTime[] = [];
  for (const phase of phaseOrder) {
    const value = passing(Slot.PlanningStart + phase);
    if (value === undefined) {
      continue;
    }
    const phaseStart = parseRecordedTime(value);
    if (!phaseStart) {
      return null;
    }
    phaseNames.push(PHASE_NAMES[phase]);
    phaseStarts.push(phaseStart);
  }

  const metric = (slot: Slot): MetricField | undefined => {
    const value = repeated(slot)?.filled;
    return value === undefined ? undefined : { value, line: lines[slot] };
  };

  const recordProblems = state.problems;
  const issues = state.issues.length === 0 ? NONE : issueEntries(state.issues, recordProblems);
  for (const p of recordProblems) {
    problems.push({ file, line: p.line + 1, message: p.message });
  }
  return new AnalyticsRow({
    file,
    id,
    start: startTime,
    end: endTime,
    endLine: endTime === undefined ? undefined : lines[Slot.End],
    operator: repeated(Slot.Operator)?.plain,
    environment: repeated(Slot.Environment)?.plain,
    branch: recordedGitValue(repeated(Slot.Branch)?.plain),
    commit: recordedGitValue(plain(Slot.Commit)),
    outcome: repeated(Slot.Status)?.outcome ?? parseOutcome(undefined),
    hasMetadata: state.hasMetadata,
    phaseNames,
    phaseStarts,
    downtime: metric(Slot.Downtime),
    timeToHealthy: metric(Slot.TimeToHealthy),
    healthCheck: metric(Slot.HealthCheck),
    issues: issues.length === 0 ? NONE : issues.map(rowIssue),
    ...countedSteps(state.checklist),
    problems
  });
}
