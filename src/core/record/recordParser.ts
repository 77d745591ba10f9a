import { detectItemStatus } from './checklistStatus';
import { deploymentIdFromFileName, timeFromDeploymentId, timeFromFileName } from './recordFiles';
import { parseDurationSeconds, parseRecordedTime } from './recordTime';
import type {
  ChecklistItem,
  IssueEntry,
  Outcome,
  ParsedRecord,
  PhaseTiming,
  RecordField,
  RecordProblem,
  RecordedTime
} from './recordTypes';

/** The standard phases, in the order a deployment goes through them. */
export const PHASES = ['Planning', 'Execution', 'Validation'] as const;

// Every pattern is anchored and made of pieces that cannot overlap, so a long hostile
// line is matched in linear time.
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const RULE = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const FIELD = /^([ \t]{0,3})[-*+][ \t]+\*\*([^*]{1,100})\*\*(.*)$/;
const ISSUE_HEADING = /^ {0,3}###[ \t]+Issue[ \t]*#(\d{1,6})(?!\d)[ \t]*[:.\-–—]?(.*)$/i;
const CLOSING_HASHES = /[ \t]#+[ \t]*$/;

/** Heading text without the optional closing `#`s; sliced by hand to stay linear. */
function headingText(raw: string | undefined): string {
  const text = (raw ?? '').trim();
  const closing = text.length > 0 && text.endsWith('#') ? CLOSING_HASHES.exec(` ${text}`) : null;
  return (closing ? ` ${text}`.slice(0, closing.index) : text).trim();
}
const HTML_COMMENT = /<!--.*?-->/g;
const PLACEHOLDER_BRACKET = /^\[[^\]]*\]$/;
const PLACEHOLDER_WORD = /^\[?\s*(?:auto-?filled|pending|tbd|to be\b|todo|n\/a|not started)/i;
const UNRESOLVED = /^(?:pending|ongoing|tbd|to be\b|unresolved|open|not yet|in progress|none yet)/i;

type SectionKind = 'metadata' | 'metrics' | 'issues' | 'other';

function sectionKindOf(title: string): SectionKind {
  const lower = title.toLowerCase();
  if (lower.includes('metadata')) {
    return 'metadata';
  }
  if (lower.includes('metrics')) {
    return 'metrics';
  }
  if (/issues?\s*(?:&|and)\s*resolutions?/.test(lower)) {
    return 'issues';
  }
  return 'other';
}

/** Removes emphasis, code ticks and HTML comments around a value. */
function cleanValue(value: string): string {
  let v = value.indexOf('<!--') === -1 ? value : value.replace(HTML_COMMENT, '');
  v = v.trim();
  while (v.length > 0 && (v[0] === '*' || v[0] === '_' || v[0] === '`')) {
    v = v.slice(1);
  }
  while (v.length > 0 && (v[v.length - 1] === '*' || v[v.length - 1] === '_' || v[v.length - 1] === '`')) {
    v = v.slice(0, -1);
  }
  return v.trim();
}

/**
 * True for values that stand for "not filled in yet": empty, `[AUTO-FILLED]`, `[PENDING…]`,
 * `[TITLE]`, `[HH:MM]`, `[To be determined]`, `**[ONGOING]**`.
 */
export function isPlaceholderValue(value: string): boolean {
  const v = cleanValue(value);
  return v.length === 0 || PLACEHOLDER_BRACKET.test(v) || PLACEHOLDER_WORD.test(v) || (v[0] === '[' && /^\[[A-Z][A-Z -]*\]/.test(v));
}

const OUTCOME_WORDS: ReadonlyArray<readonly [string, Outcome]> = [
  ['✅', 'success'],
  ['succeeded', 'success'],
  ['success', 'success'],
  ['complete', 'success'],
  ['❌', 'failed'],
  ['failed', 'failed'],
  ['failure', 'failed'],
  ['↩', 'rolledBack'],
  ['rolled back', 'rolledBack'],
  ['rolled-back', 'rolledBack'],
  ['rollback', 'rolledBack'],
  ['⏹', 'aborted'],
  ['aborted', 'aborted'],
  ['cancelled', 'aborted'],
  ['canceled', 'aborted'],
  ['🚧', 'inProgress'],
  ['🔄', 'inProgress'],
  ['in progress', 'inProgress'],
  ['ongoing', 'inProgress'],
  ['pending', 'inProgress']
];

/**
 * Reads a `Success Status` value. The earliest marker or keyword wins, so `🚧 IN PROGRESS -
 * blocked after failed apply` is in progress and `Rolled back after failed checks` is rolled back.
 */
export function parseOutcome(value: string | undefined): Outcome {
  if (value === undefined || isPlaceholderValue(value)) {
    return 'inProgress';
  }
  const lower = value.toLowerCase();
  let best: Outcome = 'inProgress';
  let bestAt = Infinity;
  for (const [word, outcome] of OUTCOME_WORDS) {
    let at = lower.indexOf(word);
    // A keyword inside a longer word ("incomplete", "unsuccessful") does not count.
    while (at !== -1 && at > 0 && /[a-z]/.test(lower[at - 1]) && /^[a-z]/.test(word)) {
      at = lower.indexOf(word, at + 1);
    }
    if (at !== -1 && at < bestAt) {
      best = outcome;
      bestAt = at;
    }
  }
  return best;
}

function labelOf(text: string): string {
  const bold = /^\*\*([^*]{1,200})\*\*(:?)/.exec(text);
  if (bold) {
    const title = bold[1].trim();
    if (bold[2] === ':' || title.endsWith(':')) {
      return title.replace(/:$/, '').trim();
    }
  }
  const plain = text.replace(/\*\*/g, '').trim();
  return plain.length > 80 ? `${plain.slice(0, 79)}…` : plain;
}

interface MutableIssue {
  number: number;
  title: string;
  line: number;
  phase?: string;
  impact?: 'High' | 'Medium' | 'Low';
  time?: string;
  timeToResolveSeconds?: number;
  resolved: boolean;
  placeholder: boolean;
}

interface MutablePhase {
  name: string;
  start?: RecordedTime;
  writtenDurationSeconds?: number;
  startLine?: number;
  durationLine?: number;
}

function displayKey(key: string): string {
  return key.replace(/:$/, '').trim().replace(/\s+/g, ' ');
}

function normaliseKey(key: string): string {
  return displayKey(key).toLowerCase();
}

/**
 * Reads a deployment record. Accepts every format the teams' records use: metadata with
 * `Start Time` or `Date`, `[AUTO-FILLED]`/`[PENDING]` placeholders, hand-written phase times,
 * box and emoji markers, issue logs, no metadata at all (the start time then comes from the
 * ID or the file name), CRLF line endings and a UTF-8 BOM. Code blocks are ignored. Anything
 * unexpected becomes a `problems` entry. Never throws.
 */
export function parseRecord(text: string, fileName?: string): ParsedRecord {
  try {
    return parseRecordUnsafe(typeof text === 'string' ? text : '', fileName);
  } catch (error) {
    // Defensive: a parser bug must not take an editor feature or an analytics run down with it.
    return {
      ...(fileName === undefined ? {} : { fileName }),
      outcome: 'inProgress',
      phases: [],
      checklist: [],
      issues: [],
      fields: [],
      problems: [{ line: 0, message: `Could not read the record: ${String(error)}` }],
      hasMetadata: false
    };
  }
}

function parseRecordUnsafe(input: string, fileName: string | undefined): ParsedRecord {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const lines = text.split('\n');

  const fields: RecordField[] = [];
  const checklist: ChecklistItem[] = [];
  const problems: RecordProblem[] = [];
  const issues: MutableIssue[] = [];
  const phases = new Map<string, MutablePhase>();
  const values = new Map<string, RecordField>();

  let section = '';
  let kind: SectionKind = 'other';
  let hasMetadata = false;
  let fence: string | undefined;
  let fenceLine = 0;
  let issue: MutableIssue | undefined;

  const phaseNamed = (name: string): MutablePhase => {
    const key = name.toLowerCase();
    let phase = phases.get(key);
    if (!phase) {
      phase = { name };
      phases.set(key, phase);
    }
    return phase;
  };

  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (line.endsWith('\r')) {
      line = line.slice(0, -1);
    }

    const fenceMatch = FENCE.exec(line);
    if (fence !== undefined) {
      if (fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length && line.trim() === fenceMatch[0].trim()) {
        fence = undefined;
      }
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1];
      fenceLine = i;
      continue;
    }

    const first = line.trimStart()[0];
    if (first === '#') {
      const issueMatch = ISSUE_HEADING.exec(line);
      if (issueMatch) {
        const title = cleanValue(headingText(issueMatch[2]));
        issue = {
          number: Number(issueMatch[1]),
          title,
          line: i,
          resolved: false,
          placeholder: isPlaceholderValue(title)
        };
        issues.push(issue);
        continue;
      }
      const heading = HEADING.exec(line);
      if (heading) {
        issue = undefined;
        if (heading[1].length <= 2) {
          section = headingText(heading[2]);
          kind = sectionKindOf(section);
          if (kind === 'metadata' && /deployment metadata/i.test(section)) {
            hasMetadata = true;
          }
        }
        continue;
      }
    }
    if ((first === '-' || first === '*' || first === '_') && RULE.test(line)) {
      issue = undefined;
      if (kind === 'metadata' || kind === 'metrics') {
        kind = 'other';
      }
      continue;
    }
    if (first !== '-' && first !== '*' && first !== '+' && !(first !== undefined && first >= '0' && first <= '9')) {
      continue;
    }

    const fieldMatch = first === '-' || first === '*' || first === '+' ? FIELD.exec(line) : null;
    let key: string | undefined;
    let rawValue = '';
    if (fieldMatch) {
      const rest = fieldMatch[3];
      if (rest.trimStart().startsWith(':')) {
        key = fieldMatch[2].trim();
        rawValue = rest.trimStart().slice(1);
      } else if (fieldMatch[2].trimEnd().endsWith(':')) {
        key = fieldMatch[2].trim().slice(0, -1).trim();
        rawValue = rest;
      }
    }

    if (key !== undefined && issue !== undefined) {
      readIssueField(issue, normaliseKey(key), rawValue);
      continue;
    }
    if (key !== undefined && (kind === 'metadata' || kind === 'metrics')) {
      const value = rawValue.trim();
      const field: RecordField = { key, value, line: i, section, placeholder: isPlaceholderValue(value) };
      fields.push(field);
      const norm = normaliseKey(key);
      if (!values.has(norm)) {
        values.set(norm, field);
      }
      readPhaseField(norm, key, field, phaseNamed, problems);
      continue;
    }
    if (issue !== undefined || kind === 'metadata' || kind === 'metrics') {
      continue;
    }

    const item = detectItemStatus(line);
    if (item) {
      const itemText =
        item.markerStart >= item.textStart ? line.slice(item.textStart, item.markerStart).trimEnd() : line.slice(item.textStart).trimEnd();
      checklist.push({ line: i, status: item.status, text: itemText, label: labelOf(itemText), section, indent: item.indent });
    }
  }
  if (fence !== undefined) {
    problems.push({ line: fenceLine, message: 'A code block is never closed; the rest of the record was not read.' });
  }

  return assemble(fileName, values, phases, fields, checklist, issues, problems, hasMetadata);
}

function readPhaseField(
  norm: string,
  key: string,
  field: RecordField,
  phaseNamed: (name: string) => MutablePhase,
  problems: RecordProblem[]
): void {
  const startMatch = /^(.{1,60}?) start(?: time)?$/.exec(norm);
  if (startMatch && norm !== 'start time') {
    const phase = phaseNamed(displayKey(key).slice(0, startMatch[1].length).trim());
    if (phase.startLine === undefined) {
      phase.startLine = field.line;
      if (!field.placeholder) {
        phase.start = parseRecordedTime(field.value);
        if (!phase.start) {
          problems.push({ line: field.line, message: `${key} is not a readable time: ${field.value}` });
        }
      }
    }
    return;
  }
  const durationMatch = /^(.{1,60}?) duration$/.exec(norm);
  if (durationMatch && durationMatch[1] !== 'total') {
    const phase = phaseNamed(displayKey(key).slice(0, durationMatch[1].length).trim());
    if (phase.durationLine === undefined) {
      phase.durationLine = field.line;
      if (!field.placeholder) {
        phase.writtenDurationSeconds = parseDurationSeconds(field.value);
      }
    }
  }
}

function readIssueField(issue: MutableIssue, key: string, rawValue: string): void {
  const value = rawValue.trim();
  const placeholder = isPlaceholderValue(value);
  switch (key) {
    case 'phase':
      if (!placeholder) {
        issue.phase = cleanValue(value);
      }
      break;
    case 'time':
      if (!placeholder) {
        issue.time = cleanValue(value);
      }
      break;
    case 'impact': {
      const impact = /^(high|medium|low)\b/i.exec(cleanValue(value));
      if (impact && !placeholder) {
        const word = impact[1].toLowerCase();
        issue.impact = word === 'high' ? 'High' : word === 'medium' ? 'Medium' : 'Low';
      }
      break;
    }
    case 'time to resolve':
      if (!placeholder) {
        issue.timeToResolveSeconds = parseDurationSeconds(cleanValue(value));
      }
      break;
    case 'resolution': {
      const cleaned = cleanValue(value).replace(/^[[\]*\s]+/, '');
      issue.resolved = !placeholder && !UNRESOLVED.test(cleaned);
      break;
    }
    default:
      break;
  }
}

function assemble(
  fileName: string | undefined,
  values: Map<string, RecordField>,
  phaseMap: Map<string, MutablePhase>,
  fields: RecordField[],
  checklist: ChecklistItem[],
  rawIssues: MutableIssue[],
  problems: RecordProblem[],
  hasMetadata: boolean
): ParsedRecord {
  const filled = (key: string): RecordField | undefined => {
    const field = values.get(key);
    return field && !field.placeholder ? field : undefined;
  };
  const plain = (key: string): string | undefined => {
    const field = filled(key);
    return field ? cleanValue(field.value) : undefined;
  };

  const baseName = fileName === undefined ? undefined : fileName.split(/[\\/]/).pop();
  const writtenId = plain('deployment id');
  const id = writtenId ?? (baseName === undefined ? undefined : deploymentIdFromFileName(baseName));

  let startTime: RecordedTime | undefined;
  let startTimeSource: ParsedRecord['startTimeSource'];
  const startField = filled('start time');
  const dateField = filled('date');
  if (startField) {
    startTime = parseRecordedTime(startField.value);
    startTimeSource = startTime ? 'startTime' : undefined;
    if (!startTime) {
      problems.push({ line: startField.line, message: `Start Time is not a readable time: ${startField.value}` });
    }
  }
  if (!startTime && dateField) {
    startTime = parseRecordedTime(dateField.value);
    startTimeSource = startTime ? 'date' : undefined;
  }
  if (!startTime && writtenId !== undefined) {
    startTime = timeFromDeploymentId(writtenId);
    startTimeSource = startTime ? 'id' : undefined;
  }
  if (!startTime && baseName !== undefined) {
    startTime = timeFromFileName(baseName);
    startTimeSource = startTime ? 'fileName' : undefined;
  }

  const endField = filled('end time');
  const endTime = endField ? parseRecordedTime(endField.value) : undefined;
  if (endField && !endTime) {
    problems.push({ line: endField.line, message: `End Time is not a readable time: ${endField.value}` });
  }
  const totalField = filled('total duration');
  const writtenTotalSeconds = totalField ? parseDurationSeconds(cleanValue(totalField.value)) : undefined;

  const statusField = values.get('success status') ?? values.get('outcome') ?? values.get('status');
  const outcome = parseOutcome(statusField?.value);

  const seen = new Set<number>();
  const issues: IssueEntry[] = [];
  for (const issue of rawIssues) {
    if (issue.placeholder) {
      continue;
    }
    if (seen.has(issue.number)) {
      problems.push({ line: issue.line, message: `Issue #${issue.number} appears more than once.` });
    }
    seen.add(issue.number);
    issues.push({
      number: issue.number,
      title: issue.title,
      resolved: issue.resolved,
      line: issue.line,
      ...(issue.phase === undefined ? {} : { phase: issue.phase }),
      ...(issue.impact === undefined ? {} : { impact: issue.impact }),
      ...(issue.time === undefined ? {} : { time: issue.time }),
      ...(issue.timeToResolveSeconds === undefined ? {} : { timeToResolveSeconds: issue.timeToResolveSeconds })
    });
  }

  const phases: PhaseTiming[] = [...phaseMap.values()].map((p) => ({ ...p }));
  const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
    (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

  return {
    ...optional('fileName', baseName),
    ...optional('id', id),
    ...optional('startTime', startTime),
    ...optional('startTimeSource', startTimeSource),
    ...optional('endTime', endTime),
    ...optional('operator', plain('operator')),
    ...optional('environment', plain('environment')),
    ...optional('branch', plain('git branch') ?? plain('branch')),
    ...optional('commit', plain('git commit') ?? plain('commit')),
    outcome,
    ...optional('outcomeNote', plain('outcome note')),
    ...optional('writtenTotalSeconds', writtenTotalSeconds),
    phases,
    checklist,
    issues,
    fields,
    problems,
    hasMetadata
  };
}
