import { PHASES, cleanValue, createLineReader, isLessonsLearnedTitle, isPlaceholderValue, parseRecord, readRecordLineStructure, sectionKindOf, type MutableIssue, type RecordLineRole, type SectionKind } from './recordParser';
import { formatDuration, parseRecordedTime, secondsBetween } from './recordTime';
import type { LineEdit, NewRecordMetadata, Outcome, ParsedRecord, PhaseTiming, RecordField, RecordedTime } from './recordTypes';

/** What `Success Status` says for each finished outcome. */
export const OUTCOME_STATUS: Readonly<Record<Exclude<Outcome, 'inProgress'>, string>> = {
  success: '✅ Succeeded',
  failed: '❌ Failed',
  rolledBack: '↩️ Rolled back',
  aborted: '⏹️ Aborted'
};

/** What `Success Status` says while the deployment runs. */
export const IN_PROGRESS_STATUS = '🔄 In progress';

const PENDING = '[PENDING]';
const NOT_STARTED = 'not started';

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/;
const RULE = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const FIELD_PREFIX = /^([ \t]*[-*+][ \t]+\*\*[^*]{1,100}\*\*[ \t]*:?[ \t]*)/;
const FENCE_LINE = /^[ \t]*(?:`{3,}|~{3,})/;
const BULLET = /^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)/;
const ISSUE_TITLE = /#\d{1,6}(?!\d)[ \t]*[:.\-–—]?(.*)$/;

/** Splits like the parser does, so line numbers agree: no BOM, no `\r`. */
function splitLines(text: string): string[] {
  return withoutBom(text).split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

function oneLine(value: string): string {
  return String(value ?? '').replace(/[\r\n]+/g, ' ').trim();
}

/**
 * Whether two readings of a record hold the same text. VS Code leaves a UTF-8 byte order mark
 * out of an open document's text (it keeps it in the file and writes it back on save), so a
 * record read from its file and the same record in a clean editor differ by the mark alone:
 * they are the same record, and edits computed on one apply to the other, line for line.
 */
export function sameRecordText(a: string, b: string): boolean {
  return a === b || withoutBom(a) === withoutBom(b);
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Applies line edits to text in plain Node, the way the editor applies them as one
 * WorkspaceEdit. Lines outside the edits keep their bytes, including their own line
 * endings; new lines get the text's line ending (CRLF when the first line break is CRLF).
 * A UTF-8 BOM is kept.
 */
export function applyLineEdits(text: string, edits: readonly LineEdit[]): string {
  const bom = text.charCodeAt(0) === 0xfeff ? '\uFEFF' : '';
  const body = bom ? text.slice(1) : text;
  const firstBreak = body.indexOf('\n');
  const eol = firstBreak > 0 && body[firstBreak - 1] === '\r' ? '\r\n' : '\n';
  const entries = body.split('\n').map((piece, index, all) => {
    const last = index === all.length - 1;
    if (!last && piece.endsWith('\r')) {
      return { text: piece.slice(0, -1), eol: '\r\n' };
    }
    return { text: piece, eol: last ? '' : '\n' };
  });
  const sorted = [...edits].sort((a, b) => b.startLine - a.startLine || b.endLine - a.endLine);
  for (const edit of sorted) {
    const start = Math.max(0, Math.min(edit.startLine, entries.length));
    const end = Math.max(start, Math.min(edit.endLine, entries.length));
    entries.splice(start, end - start, ...edit.lines.map((line) => ({ text: line, eol })));
    for (let i = 0; i < entries.length - 1; i++) {
      if (entries[i].eol === '') {
        entries[i].eol = eol;
      }
    }
    if (entries.length > 0) {
      entries[entries.length - 1].eol = '';
    }
  }
  return bom + entries.map((e) => e.text + e.eol).join('');
}

interface Group {
  before: string[];
  late: string[];
  replace?: string;
  after: string[];
}

/** Collects edits by line and turns them into non-overlapping LineEdits. */
class EditBuilder {
  private readonly groups = new Map<number, Group>();

  constructor(private readonly lines: readonly string[]) {}

  private group(index: number): Group {
    let group = this.groups.get(index);
    if (!group) {
      group = { before: [], late: [], after: [] };
      this.groups.set(index, group);
    }
    return group;
  }

  replace(index: number, line: string): void {
    this.group(index).replace = line;
  }

  insertBefore(index: number, lines: readonly string[], late = false): void {
    if (index >= this.lines.length) {
      // Past the last line: append to it, so no edit reaches beyond the document.
      this.group(this.lines.length - 1).after.push(...lines);
      return;
    }
    (late ? this.group(index).late : this.group(index).before).push(...lines);
  }

  build(): LineEdit[] {
    return [...this.groups.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([index, g]) => {
        const touchesLine = g.replace !== undefined || g.after.length > 0;
        const own = touchesLine ? [g.replace ?? this.lines[index]] : [];
        return { startLine: index, endLine: touchesLine ? index + 1 : index, lines: [...g.before, ...g.late, ...own, ...g.after] };
      });
  }
}

interface Section {
  readonly title: string;
  /** What the parser takes the section for, from its title. */
  readonly kind: SectionKind;
  readonly start: number;
  /** Exclusive: the next `#`/`##` heading or horizontal rule. */
  readonly end: number;
  /** One past the last non-blank line of the section. */
  readonly contentEnd: number;
}

/** A record's lines as the parser's line reader takes them. */
interface RecordLines {
  /** What each line is: code (a fence or inside a code block), heading, rule, field… */
  readonly roles: readonly RecordLineRole[];
  /** The `#`/`##` sections, in order. */
  readonly sections: readonly Section[];
  /** Each `### Issue #N` heading outside code, by line, with its title as the parser reads it. */
  readonly issueHeadings: ReadonlyMap<number, MutableIssue>;
}

/**
 * Walks the lines with the parser's own line reader, so that the writer finds sections, issues
 * and code blocks exactly where the parser does: a heading or a fence-like line inside a code
 * block is code, and a code block ends only where the parser ends it.
 */
function readLines(lines: readonly string[]): RecordLines {
  const state = createLineReader(false);
  const roles: RecordLineRole[] = [];
  const sections: Section[] = [];
  const issueHeadings = new Map<number, MutableIssue>();
  let open: { title: string; kind: SectionKind; start: number } | undefined;
  let lastContent = 0;
  const close = (end: number): void => {
    if (open) {
      sections.push({ ...open, end, contentEnd: Math.max(lastContent, open.start + 1) });
      open = undefined;
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const issuesBefore = state.issues.length;
    const role = readRecordLineStructure(state, line, i);
    roles.push(role);
    if (role === 'heading') {
      if (state.issues.length > issuesBefore) {
        issueHeadings.set(i, state.issues[state.issues.length - 1]);
      } else if ((HEADING.exec(line)?.[1].length ?? 3) <= 2) {
        close(i);
        open = { title: state.section, kind: state.kind, start: i };
      }
      lastContent = i + 1;
      continue;
    }
    if (role === 'rule') {
      close(i);
      continue;
    }
    if (role === 'code' || line.trim().length > 0) {
      lastContent = i + 1;
    }
  }
  close(lines.length);
  return { roles, sections, issueHeadings };
}

// By the parser's own reading of the title (sectionKindOf): a section whose title only
// mentions metadata or metrics (`## Verify deployment metrics in Grafana`) holds steps.
/** The record's `Deployment Metadata` block, as the parser finds it (`hasMetadata`). */
const isMetadata = (s: Section): boolean => s.kind === 'metadata' && /deployment metadata/i.test(s.title);
const isMetrics = (s: Section): boolean => s.kind === 'metrics';
/** The `Deployment Metrics` block that Start Deployment writes, not `## Post-deploy Metrics`. */
const isDeploymentMetrics = (s: Section): boolean => s.kind === 'metrics' && /deployment metrics/i.test(s.title);
const isIssuesLog = (s: Section): boolean => s.kind === 'issues';

function fieldLine(key: string, value: string): string {
  return `- **${key}**: ${value}`;
}

function withValue(line: string, value: string): string {
  const prefix = FIELD_PREFIX.exec(line);
  if (!prefix) {
    return line;
  }
  const head = prefix[1].endsWith(' ') || prefix[1].endsWith('\t') ? prefix[1] : `${prefix[1]} `;
  return `${head}${value}`;
}

const samePhase = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Where a metrics field goes relative to the others when it has to be added. */
function metricRank(key: string): number {
  const k = key.trim().toLowerCase();
  if (k === 'end time') return 1;
  if (k === 'total duration') return 2;
  if (k === 'success status') return 3;
  if (k === 'outcome note') return 4;
  if (/ (start|duration)$/.test(k) && k !== 'start time') return 0;
  return -1;
}

/** Writes metrics fields into a record, adding the fields (or the whole section) when missing. */
class MetricsWriter {
  private readonly builder: EditBuilder;
  private readonly fieldsByKey = new Map<string, RecordField>();
  private readonly rankedLines: { rank: number; line: number }[] = [];
  private createdAt: number | undefined;

  constructor(
    private readonly lines: readonly string[],
    parsed: ParsedRecord
  ) {
    this.builder = new EditBuilder(lines);
    for (const field of parsed.fields) {
      const key = field.key.trim().toLowerCase();
      if (!this.fieldsByKey.has(key)) {
        this.fieldsByKey.set(key, field);
      }
      const rank = metricRank(field.key);
      if (rank >= 0 && sectionKindOf(field.section) === 'metrics') {
        this.rankedLines.push({ rank, line: field.line });
      }
    }
  }

  get edits(): EditBuilder {
    return this.builder;
  }

  field(key: string): RecordField | undefined {
    return this.fieldsByKey.get(key.toLowerCase());
  }

  /** Sets a field's value, or adds the field in its place among the metrics. */
  set(key: string, value: string, near?: { after?: number; before?: number }): void {
    const existing = this.field(key);
    if (existing) {
      this.builder.replace(existing.line, withValue(this.lines[existing.line], value));
      return;
    }
    this.insert([fieldLine(key, value)], metricRank(key), near);
  }

  insert(newLines: string[], rank: number, near?: { after?: number; before?: number }): void {
    if (near?.after !== undefined) {
      this.builder.insertBefore(near.after + 1, newLines);
      return;
    }
    if (near?.before !== undefined) {
      this.builder.insertBefore(near.before, newLines);
      return;
    }
    const preceding = this.rankedLines.filter((r) => r.rank <= rank);
    if (preceding.length > 0) {
      this.builder.insertBefore(Math.max(...preceding.map((r) => r.line)) + 1, newLines);
      return;
    }
    const following = this.rankedLines.filter((r) => r.rank > rank);
    if (following.length > 0) {
      this.builder.insertBefore(Math.min(...following.map((r) => r.line)), newLines);
      return;
    }
    this.builder.insertBefore(this.sectionEnd(), newLines);
  }

  private sectionEnd(): number {
    if (this.createdAt !== undefined) {
      return this.createdAt;
    }
    const sections = readLines(this.lines).sections;
    const metrics = sections.find(isMetrics);
    if (metrics) {
      return metrics.contentEnd;
    }
    const metadata = sections.find(isMetadata);
    if (metadata) {
      this.createdAt = metadata.contentEnd;
      this.builder.insertBefore(this.createdAt, ['', '## Deployment Metrics', '']);
      return this.createdAt;
    }
    // No metadata either: put the metrics first, then a rule, then the checklist as it was.
    this.createdAt = 0;
    this.builder.insertBefore(0, ['## Deployment Metrics', '']);
    this.builder.insertBefore(0, ['', '---', ''], true);
    return 0;
  }
}

function startedPhases(parsed: ParsedRecord): (PhaseTiming & { start: RecordedTime })[] {
  return parsed.phases
    .filter((p): p is PhaseTiming & { start: RecordedTime } => p.start !== undefined)
    .sort((a, b) => a.start.epochMs - b.start.epochMs);
}

/** True when the record already has a start time for `phase`, so the host can ask before restarting it. */
export function phaseStarted(parsed: ParsedRecord, phase: string): boolean {
  return parsed.phases.some((p) => samePhase(p.name, phase) && p.start !== undefined);
}

function durationText(from: RecordedTime, to: RecordedTime): string | undefined {
  const seconds = secondsBetween(from, to);
  return seconds >= 0 ? formatDuration(seconds) : undefined;
}

/**
 * Edits that start `phase` at `at` (a timestamp from `formatTimestamp`): writes
 * `<Phase> Start`, fills the duration of the phase that was running until now, and resets
 * the phase's own duration when it is restarted. A phase without fields (a custom phase, or
 * a record without metrics) gets them added. Returns no edits when `at` is not a timestamp.
 */
export function markPhaseEdits(text: string, phase: string, at: string): LineEdit[] {
  const when = parseRecordedTime(at);
  const name = oneLine(phase);
  if (!when || name.length === 0) {
    return [];
  }
  const lines = splitLines(text);
  const parsed = parseRecord(text);
  const writer = new MetricsWriter(lines, parsed);
  const target = parsed.phases.find((p) => samePhase(p.name, name));
  const displayName = target?.name ?? name;

  const running = startedPhases(parsed).pop();
  if (running && !samePhase(running.name, displayName) && running.durationLine !== undefined) {
    const duration = durationText(running.start, when);
    if (duration !== undefined) {
      writer.edits.replace(running.durationLine, withValue(lines[running.durationLine], duration));
    }
  }

  const startValue = when.raw;
  if (target?.startLine !== undefined) {
    writer.edits.replace(target.startLine, withValue(lines[target.startLine], startValue));
    if (target.durationLine !== undefined) {
      writer.edits.replace(target.durationLine, withValue(lines[target.durationLine], PENDING));
    } else {
      writer.edits.insertBefore(target.startLine + 1, [fieldLine(`${displayName} Duration`, PENDING)]);
    }
  } else if (target?.durationLine !== undefined) {
    writer.edits.insertBefore(target.durationLine, [fieldLine(`${displayName} Start`, startValue)]);
    writer.edits.replace(target.durationLine, withValue(lines[target.durationLine], PENDING));
  } else {
    writer.insert([fieldLine(`${displayName} Start`, startValue), fieldLine(`${displayName} Duration`, PENDING)], 0);
  }
  return writer.edits.build();
}

/**
 * Edits that finish the deployment at `at`: `End Time`, `Total Duration` (from the record's
 * start), the duration of every started phase that has none (the running phase always gets
 * one), `not started` for phases that never ran, `Success Status` with its marker, and an
 * `Outcome Note` when `note` is given. Returns no edits when `at` is not a timestamp.
 */
export function finishEdits(text: string, outcome: Exclude<Outcome, 'inProgress'>, at: string, note?: string): LineEdit[] {
  const when = parseRecordedTime(at);
  if (!when || !(outcome in OUTCOME_STATUS)) {
    return [];
  }
  const lines = splitLines(text);
  const parsed = parseRecord(text);
  const writer = new MetricsWriter(lines, parsed);

  const started = startedPhases(parsed);
  started.forEach((phase, index) => {
    const last = index === started.length - 1;
    const current = phase.durationLine === undefined ? undefined : parsed.fields.find((f) => f.line === phase.durationLine);
    if (!last && current && !current.placeholder) {
      return;
    }
    const until = last ? when : started[index + 1].start;
    const duration = durationText(phase.start, until);
    if (duration === undefined) {
      return;
    }
    if (phase.durationLine !== undefined) {
      writer.edits.replace(phase.durationLine, withValue(lines[phase.durationLine], duration));
    } else if (phase.startLine !== undefined) {
      writer.edits.insertBefore(phase.startLine + 1, [fieldLine(`${phase.name} Duration`, duration)]);
    }
  });
  for (const phase of parsed.phases) {
    if (phase.start !== undefined) {
      continue;
    }
    for (const line of [phase.startLine, phase.durationLine]) {
      if (line !== undefined && parsed.fields.find((f) => f.line === line)?.placeholder) {
        writer.edits.replace(line, withValue(lines[line], NOT_STARTED));
      }
    }
  }

  writer.set('End Time', when.raw);
  if (parsed.startTime) {
    const total = durationText(parsed.startTime, when);
    if (total !== undefined) {
      writer.set('Total Duration', total);
    }
  }
  writer.set('Success Status', OUTCOME_STATUS[outcome]);
  const cleanNote = note === undefined ? '' : oneLine(note);
  if (cleanNote.length > 0) {
    const status = writer.field('Success Status');
    writer.set('Outcome Note', cleanNote, status && !writer.field('Outcome Note') ? { after: status.line } : undefined);
  }
  return writer.edits.build();
}

/** An issue as the Add Issue command collects it. */
export interface NewIssue {
  readonly title: string;
  readonly phase: string;
  readonly impact: 'High' | 'Medium' | 'Low';
  readonly description: string;
}

/**
 * The end (exclusive) of an issue block that starts at `heading`: its last list, indented or
 * code line, up to the next heading, rule or unindented text, and never past `limit`.
 */
function issueBlockEnd(lines: readonly string[], roles: readonly RecordLineRole[], heading: number, limit: number): number {
  let end = heading + 1;
  for (let i = heading + 1; i < limit; i++) {
    const line = lines[i];
    if (roles[i] === 'code') {
      end = i + 1;
      continue;
    }
    if (line.trim().length === 0) {
      continue;
    }
    if (roles[i] === 'heading' || roles[i] === 'rule' || !/^(\s|[-*+] )/.test(line)) {
      break;
    }
    end = i + 1;
  }
  return end;
}

/**
 * Whether a value is still unfilled: empty, or a single placeholder such as `[TITLE]`,
 * `[How was it resolved?]`, `**[PENDING]**` or `TBD`. Stricter than the parser's
 * `isPlaceholderValue`, which also takes `Pending: waiting for the vendor` for one: a block
 * this calls unfilled is replaced, so it must hold nothing anybody wrote.
 */
function unfilled(value: string): boolean {
  const v = cleanValue(value);
  return v.length === 0 || (isPlaceholderValue(v) && (/^\[[^\]]*\]$/.test(v) || !/\s/.test(v)));
}

/**
 * Whether the issue block [heading, end) is a template's example nobody has filled in: its
 * title and every line of it (fields, notes, code) empty or a placeholder. Only such a block
 * may be replaced by a new issue.
 */
function isUnfilledIssue(lines: readonly string[], roles: readonly RecordLineRole[], heading: number, end: number): boolean {
  const title = ISSUE_TITLE.exec(lines[heading])?.[1] ?? '';
  if (!unfilled(title.replace(/[ \t]#+[ \t]*$/, ''))) {
    return false;
  }
  for (let i = heading + 1; i < end; i++) {
    const line = lines[i];
    if (roles[i] === 'code') {
      if (!FENCE_LINE.test(line) && !unfilled(line)) {
        return false;
      }
      continue;
    }
    const field = FIELD_PREFIX.exec(line);
    if (!unfilled(field ? line.slice(field[1].length) : line.replace(BULLET, ''))) {
      return false;
    }
  }
  return true;
}

/**
 * Edits that add the next `### Issue #N: title` block (Phase, Time, Description, Root Cause,
 * Resolution, Time to Resolve, Impact, Prevention) to the `Issues & Resolutions Log`. N
 * continues after the highest issue number in the record. A template's example that nobody
 * filled in (`### Issue #1: [TITLE]` with only placeholders under it) is replaced rather than
 * left above the new one; an issue with anything written in it is never replaced, whatever its
 * title. Without a log section, one is added before `Lessons Learned` or at the end.
 */
export function addIssueEdits(text: string, issue: NewIssue, at: string): LineEdit[] {
  const lines = splitLines(text);
  const parsed = parseRecord(text);
  const counted = parsed.issues.reduce((max, i) => Math.max(max, i.number), 0);
  const impact = ['High', 'Medium', 'Low'].includes(issue.impact) ? issue.impact : 'Medium';
  const blockNumbered = (number: number): string[] => [
    `### Issue #${number}: ${oneLine(issue.title) || 'Untitled issue'}`,
    fieldLine('Phase', oneLine(issue.phase) || '[PENDING]'),
    fieldLine('Time', oneLine(at)),
    fieldLine('Description', oneLine(issue.description) || '[PENDING]'),
    fieldLine('Root Cause', '[To be determined]'),
    fieldLine('Resolution', PENDING),
    fieldLine('Time to Resolve', PENDING),
    fieldLine('Impact', impact),
    fieldLine('Prevention', '[To be documented]')
  ];
  const builder = new EditBuilder(lines);
  const { roles, sections, issueHeadings } = readLines(lines);
  // A new block goes after every issue heading, an unfilled example's too, so no number is used twice.
  let highest = counted;
  for (const heading of issueHeadings.values()) {
    highest = Math.max(highest, heading.number);
  }
  const block = blockNumbered(highest + 1);
  const log = sections.find(isIssuesLog);

  if (log) {
    for (const i of issueHeadings.keys()) {
      const end = i > log.start && i < log.end ? issueBlockEnd(lines, roles, i, log.end) : i;
      if (end > i && isUnfilledIssue(lines, roles, i, end)) {
        // The example takes the number after the issues that count: the team template's #1, then #2.
        const filling = blockNumbered(counted + 1);
        if (end - i > 1) {
          // Replace the whole placeholder block: the heading line carries the new block.
          return [{ startLine: i, endLine: end, lines: filling }];
        }
        builder.replace(i, filling[0]);
        builder.insertBefore(i + 1, filling.slice(1));
        return builder.build();
      }
    }
    builder.insertBefore(log.contentEnd, ['', ...block]);
    return builder.build();
  }

  const lessons = sections.find((s) => isLessonsLearnedTitle(s.title));
  if (lessons) {
    builder.insertBefore(lessons.start, ['## 🚨 Issues & Resolutions Log', '', ...block, '']);
  } else {
    const last = lines.length - 1;
    const endsWithNewline = lines[last] === '';
    builder.insertBefore(endsWithNewline ? last : lines.length, ['', '## 🚨 Issues & Resolutions Log', '', ...block]);
  }
  return builder.build();
}

/** Removes the template's own metadata and metrics sections, which the new record writes itself. */
function templateBody(template: string): string[] {
  const lines = splitLines(template);
  const sections = readLines(lines).sections.filter((s) => isMetadata(s) || isDeploymentMetrics(s));
  const drop = new Set<number>();
  for (const section of sections) {
    let end = section.end;
    // Take the rule that closed the section, and the blank lines after it, with it.
    if (end < lines.length && RULE.test(lines[end])) {
      end++;
    }
    while (end < lines.length && lines[end].trim() === '') {
      end++;
    }
    for (let i = section.start; i < end; i++) {
      drop.add(i);
    }
  }
  const kept = lines.filter((_, i) => !drop.has(i));
  while (kept.length > 0 && kept[0].trim() === '') {
    kept.shift();
  }
  return kept;
}

/**
 * A new record: `## Deployment Metadata` (ID, start time, operator, environment, git
 * branch, commit, working tree, previous deployment, tool versions, working directory),
 * then `## Deployment Metrics` with every phase's Start/Duration, End Time, Total Duration
 * as `[PENDING]` and `Success Status: 🔄 In progress`, then `---` and the template. The
 * template's own metadata or metrics sections are left out; its line endings are kept.
 */
export function renderNewRecord(template: string, meta: NewRecordMetadata): string {
  const source = String(template ?? '');
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const previous = meta.previousDeployment
    ? `${oneLine(meta.previousDeployment.id)}${meta.previousDeployment.commit ? ` (${oneLine(meta.previousDeployment.commit).slice(0, 7)})` : ''}`
    : 'none';
  const phases: string[] = [...PHASES];
  for (const custom of meta.customPhases ?? []) {
    const name = oneLine(custom);
    if (name.length > 0 && !phases.some((p) => samePhase(p, name))) {
      phases.push(name);
    }
  }
  const head = [
    '## Deployment Metadata',
    '',
    fieldLine('Deployment ID', oneLine(meta.deploymentId)),
    fieldLine('Start Time', oneLine(meta.startTime)),
    fieldLine('Operator', oneLine(meta.operator) || 'unknown'),
    fieldLine('Environment', oneLine(meta.environment) || 'production'),
    fieldLine('Git Branch', meta.gitBranch ? oneLine(meta.gitBranch) : 'none'),
    fieldLine('Git Commit', meta.gitCommit ? oneLine(meta.gitCommit) : 'none'),
    fieldLine('Working Tree', oneLine(meta.workingTree)),
    fieldLine('Previous Deployment', previous),
    ...(meta.toolVersions ?? []).map((t) => fieldLine(`${oneLine(t.tool)} Version`, oneLine(t.version) || 'unknown')),
    fieldLine('Working Directory', oneLine(meta.workingDirectory) || '.'),
    '',
    '## Deployment Metrics',
    '',
    ...phases.flatMap((p) => [fieldLine(`${p} Start`, PENDING), fieldLine(`${p} Duration`, PENDING)]),
    fieldLine('End Time', PENDING),
    fieldLine('Total Duration', PENDING),
    fieldLine('Success Status', IN_PROGRESS_STATUS),
    '',
    '---',
    ''
  ];
  const body = templateBody(source);
  const all = [...head, ...body];
  if (all[all.length - 1] !== '') {
    all.push('');
  }
  return all.join(eol);
}
