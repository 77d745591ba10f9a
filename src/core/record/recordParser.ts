import { remembered } from '../boundedMemo';
import { detectItemStatus } from './checklistStatus';
import { deploymentIdFromFileName, timeFromDeploymentId, timeFromFileName } from './recordFiles';
import { outcomeOfWords } from './outcomeWords';
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
// A field line is `^([ \t]{0,3})[-*+][ \t]+\*\*([^*]{1,100})\*\*(.*)$`, matched by hand in matchField.
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
// Whole words only: an operator called Todor Ivanov, or an environment `pendingtest`, is a name.
const PLACEHOLDER_WORD = /^\[?\s*(?:auto-?filled|pending|tbd|to be|todo|n\/a|not started)(?![\p{L}\p{N}])/iu;
/**
 * An issue's Resolution that says it is not resolved: after any leading punctuation or emoji,
 * a ❌, ⏳, 🔄 or 🚧; a word that it is still open (`Pending`, `Ongoing`, `TBD`, `In progress`,
 * `Still investigating`, `Unknown`, `Awaiting vendor`); a negation (`Not resolved`, `No
 * resolution yet`, `None`, `Never fixed`, `Unable to reproduce`); or such a word second
 * (`Workaround pending`, `Fix in progress`). A negation that says nothing was needed resolves
 * it (`Not an issue after all — closed`, `No issue after the restart`, `No action needed`,
 * `No longer happens`). Words count whole: `Opened port 443` is no `open`. The leading
 * characters are taken as a whole (the capture in a lookahead), so the pattern cannot
 * backtrack into them.
 */
const UNRESOLVED_MARKS = '❌⏳🔄🚧';
const UNRESOLVED = new RegExp(
  String.raw`^(?=([^\p{L}\p{N}${UNRESOLVED_MARKS}]{0,8}))\1` +
    // Said to need nothing: resolved.
    String.raw`(?!(?:not\s+(?:an?\s+)?(?:issue|problem|bug)|no\s+(?:issues?|problems?|longer)` +
    String.raw`|(?:no\s+(?:action|fix|fixes|change|changes|further\s+action)|none|nothing|not)\s+(?:needed|required|necessary)` +
    String.raw`|nothing\s+to\s+(?:do|fix))(?![\p{L}\p{N}]))` +
    // A mark, the words read as unresolved before, a negation or still-open word, or one second.
    // Every word counts whole: `Opened port 443` and `OpenSSL upgraded` are not `open`.
    String.raw`(?:[${UNRESOLVED_MARKS}]` +
    String.raw`|(?:pending|ongoing|tbd|to be|unresolved|open|not yet|in progress|none yet` +
    String.raw`|still|unknown|unclear|investigating|under\s+investigation|awaiting|waiting|blocked|not|no|none|never|nothing` +
    String.raw`|unable|cannot|(?:can|couldn|won|wasn|isn|hasn|didn)['’]t|failed\s+to)(?![\p{L}\p{N}])` +
    String.raw`|[\p{L}\p{N}][\p{L}\p{N}-]{0,39}[ \t]+(?:pending|ongoing|tbd|unresolved|still|in\s+progress|not\s+yet|to\s+be|awaiting|under\s+investigation)(?![\p{L}\p{N}]))`,
  'iu'
);

/**
 * What a `#`/`##` section holds. The list items of `metadata` and `metrics` sections are
 * fields; those of `lessons` (Lessons Learned: notes and action items for the next
 * deployment) are neither fields nor steps; everywhere else a list item may be a step.
 */
export type SectionKind = 'metadata' | 'metrics' | 'issues' | 'lessons' | 'other';

const sectionKinds = new Map<string, SectionKind>();

/**
 * Kind of a `#`/`##` section by its title (as the reader keeps it: no closing `#`s);
 * remembered per title, since every record repeats the same headings. The record writer
 * finds sections by the same test.
 */
export function sectionKindOf(title: string): SectionKind {
  return remembered(sectionKinds, title, sectionKindUncached);
}

function sectionKindUncached(title: string): SectionKind {
  // A title that ends with the word, not one that mentions it: `## 📊 Post-deploy Metrics`
  // holds fields, `## Post-Flight: check metrics dashboards` holds steps.
  const last = lastTitleWord(title);
  if (last === 'metadata') {
    return 'metadata';
  }
  if (last === 'metrics') {
    return 'metrics';
  }
  const lower = title.toLowerCase();
  if (/issues?\s*(?:&|and)\s*resolutions?/.test(lower)) {
    return 'issues';
  }
  if (isLessonsLearnedTitle(title)) {
    return 'lessons';
  }
  return 'other';
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * The last word of a title, lower-cased: what comes after it may only be emoji, punctuation,
 * spaces and remarks in brackets, so `📋 Deployment Metadata`, `Deployment Metrics
 * (Auto-captured)` and `Process Metrics 📊` end with their kind. Read from the end by hand:
 * a bracket is looked for at most once in vain, so a long hostile title stays linear.
 */
function lastTitleWord(title: string): string {
  let end = title.length;
  // Once a `)` (or `]`) has no opening bracket before it, no later one has either.
  let parentheses = true;
  let squares = true;
  while (end > 0) {
    const c = title[end - 1];
    if ((c === ')' && parentheses) || (c === ']' && squares)) {
      const open = c === ')' ? '(' : '[';
      let depth = 0;
      let at = end - 1;
      for (; at >= 0; at--) {
        if (title[at] === c) {
          depth++;
        } else if (title[at] === open && --depth === 0) {
          break;
        }
      }
      if (at >= 0) {
        end = at; // a remark in brackets: `(Auto-captured)`
        continue;
      }
      if (c === ')') {
        parentheses = false;
      } else {
        squares = false;
      }
    }
    if (WORD_CHAR.test(c)) {
      break;
    }
    end--;
  }
  let start = end;
  while (start > 0 && WORD_CHAR.test(title[start - 1])) {
    start--;
  }
  return title.slice(start, end).toLowerCase();
}

// Leading emoji, punctuation and spaces, then the words: not a title that merely mentions them.
const LESSONS_TITLE = /^[^\p{L}\p{N}]*lessons[ \t]+learned/iu;

/**
 * Whether a heading's title names the Lessons Learned section (`📚 Lessons Learned &
 * Improvements`, `Lessons learned`): it begins with those words, after any emoji, punctuation
 * or spaces. `Pre-Flight: apply lessons learned from …` does not. The record writer uses the
 * same test to put a new Issues log before that section.
 */
export function isLessonsLearnedTitle(title: string): boolean {
  return LESSONS_TITLE.test(title);
}

/** Removes emphasis, code ticks and HTML comments around a value. */
export function cleanValue(value: string): string {
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
  if (v.length === 0) {
    return true;
  }
  // Every placeholder pattern starts with `[` or one of these letters: most values are rejected
  // here without running a pattern, which matters on 10,000 records.
  const first = v.charCodeAt(0) | 0x20;
  if (v[0] !== '[' && first !== 0x61 && first !== 0x70 && first !== 0x74 && first !== 0x6e) {
    return false;
  }
  return PLACEHOLDER_BRACKET.test(v) || PLACEHOLDER_WORD.test(v) || (v[0] === '[' && /^\[[A-Z][A-Z -]*\]/.test(v));
}

/** A `Success Status` value as an outcome: not filled in is still in progress (see outcomeOfWords). */
export function parseOutcome(value: string | undefined): Outcome {
  return value === undefined || isPlaceholderValue(value) ? 'inProgress' : outcomeOfWords(value);
}

function labelOf(text: string): string {
  const bold = text.charCodeAt(0) === 0x2a && text.charCodeAt(1) === 0x2a ? /^\*\*([^*]{1,200})\*\*(:?)/.exec(text) : null;
  if (bold) {
    const title = bold[1].trim();
    if (bold[2] === ':' || title.endsWith(':')) {
      return title.replace(/:$/, '').trim();
    }
  }
  const plain = (text.indexOf('**') === -1 ? text : text.replace(/\*\*/g, '')).trim();
  return plain.length > 80 ? `${plain.slice(0, 79)}…` : plain;
}

export interface MutableIssue {
  number: number;
  title: string;
  line: number;
  phase?: string;
  impact?: 'High' | 'Medium' | 'Low';
  time?: string;
  timeToResolveSeconds?: number;
  resolved: boolean;
  /** True while the title and every field read so far are placeholders: a template's unfilled example. */
  placeholder: boolean;
  /** An issue written as a note (see readNoteItem) rather than under an `### Issue #N` heading; its number is 0. */
  note?: true;
  /** For a note: the line its list item ends before, once a later line has ended it. */
  endLine?: number;
}

/** A list item of an ordinary section that is still open (see readNoteItem). */
export interface OpenListItem {
  /** Columns of indentation before the bullet (a tab advances to the next multiple of 4). */
  readonly indent: number;
  readonly line: number;
  /**
   * The line of a plain item, which may turn out to be an issue; undefined for a step. Its
   * text, from `textStart` (just past the bullet), is sliced only if it does become one.
   */
  readonly source: string | undefined;
  readonly textStart: number;
  /** The issue it became. */
  issue: MutableIssue | undefined;
}

export interface MutablePhase {
  name: string;
  start?: RecordedTime;
  writtenDurationSeconds?: number;
  startLine?: number;
  durationLine?: number;
}

function displayKey(key: string): string {
  return key.replace(/:$/, '').trim().replace(/\s+/g, ' ');
}

/**
 * Records repeat the same few dozen keys, so their normal forms are remembered rather than
 * recomputed with three patterns per field; the bound keeps hostile input from growing it.
 */
const normalisedKeys = new Map<string, string>();

/** A field's key as the parser keys its values: trailing colon dropped, spaces collapsed, lower case. */
export function normaliseKey(key: string): string {
  return remembered(normalisedKeys, key, (k) => displayKey(k).toLowerCase());
}

/** Index just past the leading spaces and tabs. */
function indentEnd(line: string, from = 0): number {
  let i = from;
  while (i < line.length) {
    const c = line.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) {
      break;
    }
    i++;
  }
  return i;
}

/**
 * `FIELD` by hand (`- **Key**: value`, up to three columns of indentation): the same answer,
 * without a pattern and its capture arrays on every bullet line. Returns [key, rest] or undefined.
 */
function matchField(line: string, start: number): [string, string] | undefined {
  if (start > 3) {
    return undefined;
  }
  const bullet = line.charCodeAt(start);
  if (bullet !== 0x2d && bullet !== 0x2a && bullet !== 0x2b) {
    return undefined;
  }
  let i = start + 1;
  const spaces = i;
  while (i < line.length && (line.charCodeAt(i) === 0x20 || line.charCodeAt(i) === 0x09)) {
    i++;
  }
  if (i === spaces || line.charCodeAt(i) !== 0x2a || line.charCodeAt(i + 1) !== 0x2a) {
    return undefined;
  }
  const keyStart = i + 2;
  const keyEnd = line.indexOf('*', keyStart);
  if (keyEnd === -1 || keyEnd === keyStart || keyEnd - keyStart > 100 || line.charCodeAt(keyEnd + 1) !== 0x2a) {
    return undefined;
  }
  const rest = line.slice(keyEnd + 2);
  // `.` in the pattern does not match these, so a line holding one was never a field.
  if (rest.indexOf('\r') !== -1 || rest.indexOf('\u2028') !== -1 || rest.indexOf('\u2029') !== -1) {
    return undefined;
  }
  return [line.slice(keyStart, keyEnd), rest];
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

/** The fields `parseRecordForAnalytics` keeps (normalised keys): what the record's summary and the figures read. */
const ANALYTICS_KEYS: ReadonlySet<string> = new Set([
  'deployment id', 'start time', 'date', 'end time', 'operator', 'environment', 'git branch', 'branch',
  'git commit', 'commit', 'success status', 'outcome', 'status', 'outcome note', 'total duration',
  'downtime', 'time to healthy', 'health check'
]);

/**
 * The kept fields that analytics looks up in `fields` (the rest it reads from the record's
 * properties, End Time's line from `endTimeLine`).
 */
const LISTED_ANALYTICS_KEYS: ReadonlySet<string> = new Set(['downtime', 'time to healthy', 'health check']);

/**
 * `parseRecord` for analytics over many records: the same reading, but `fields` holds only
 * the fields analytics looks up there (downtime, time to healthy, health check) and
 * `checklist` only the failed, skipped and blocked steps. Every other property is what
 * `parseRecord` gives, so `computeAnalytics` gives the same figures from either; keeping
 * less makes a 10,000-record scan faster and smaller. Editors must use `parseRecord`.
 * Never throws.
 */
export function parseRecordForAnalytics(text: string, fileName?: string): ParsedRecord {
  try {
    return parseRecordUnsafe(typeof text === 'string' ? text : '', fileName, true);
  } catch {
    return parseRecord(text, fileName);
  }
}

function parseRecordUnsafe(input: string, fileName: string | undefined, lean = false): ParsedRecord {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const lines = text.split('\n');
  const state = createLineReader(lean);
  for (let i = 0; i < lines.length; i++) {
    readRecordLine(state, lines[i], i);
  }
  return finishRecord(state, fileName);
}

/**
 * Where a line-by-line reading of a record stands. Exposed (with `readRecordLine` and
 * `finishRecord`) for the analytics reader, which walks the text by index and hands over only
 * the lines that can matter, so that both readings follow one set of rules.
 */
export interface RecordLineReader {
  readonly lean: boolean;
  readonly fields: RecordField[];
  readonly checklist: ChecklistItem[];
  readonly problems: RecordProblem[];
  readonly issues: MutableIssue[];
  readonly phases: Map<string, MutablePhase>;
  readonly values: Map<string, RecordField>;
  section: string;
  kind: SectionKind;
  hasMetadata: boolean;
  /** The opening fence while inside a code block. */
  fence: string | undefined;
  fenceLine: number;
  /** The issue whose fields are being read, after a `### Issue #N` heading. */
  issue: MutableIssue | undefined;
  /** The list items of an ordinary section open at this line, innermost last (see readNoteItem). */
  readonly openItems: OpenListItem[];
  /**
   * Whether a line was read that can make a list item above it an issue (an indented
   * `RESOLUTION:` or `ROOT CAUSE:` bullet in an ordinary section). A reader that passes over
   * lines unread has not seen that item, so it must then read the record line by line.
   */
  noteChildSeen: boolean;
}

/** A reader at the start of a record; `lean` keeps only what analytics reads (see parseRecordForAnalytics). */
export function createLineReader(lean: boolean): RecordLineReader {
  return {
    lean,
    fields: [],
    checklist: [],
    problems: [],
    issues: [],
    phases: new Map(),
    values: new Map(),
    section: '',
    kind: 'other',
    hasMetadata: false,
    fence: undefined,
    fenceLine: 0,
    issue: undefined,
    openItems: [],
    noteChildSeen: false
  };
}

/** Makes `state` a reader at the start of a record again (as `createLineReader` made it), reusing its lists. */
export function restartLineReader(state: RecordLineReader): void {
  state.fields.length = 0;
  state.checklist.length = 0;
  state.problems.length = 0;
  state.issues.length = 0;
  state.phases.clear();
  state.values.clear();
  state.section = '';
  state.kind = 'other';
  state.hasMetadata = false;
  state.fence = undefined;
  state.fenceLine = 0;
  state.issue = undefined;
  state.openItems.length = 0;
  state.noteChildSeen = false;
}

function phaseNamed(phases: Map<string, MutablePhase>, name: string): MutablePhase {
  const key = name.toLowerCase();
  let phase = phases.get(key);
  if (!phase) {
    phase = { name };
    phases.set(key, phase);
  }
  return phase;
}

/**
 * What `readRecordLine` took a line for. `code` is a fence or a line inside a code block;
 * `field` is a list item of a metadata or metrics section or of an issue (a field or not,
 * it is never a step); `lesson` a list item of the Lessons Learned section (a note or an
 * action item for the next deployment, `- [ ] **HIGH** …`: never a step of this one); `step`
 * is a checklist step; `listItem` any other list item; `text` everything else (paragraphs,
 * blank lines, tables…).
 */
export type RecordLineRole = 'code' | 'heading' | 'rule' | 'field' | 'lesson' | 'step' | 'listItem' | 'text';

/**
 * Reads line `i` (without its `\n`; a trailing `\r` is dropped here) into the reader, and
 * says what the line is, so that editor commands judge a line by the parser's own rules.
 */
export function readRecordLine(state: RecordLineReader, rawLine: string, i: number): RecordLineRole {
  const line = rawLine.charCodeAt(rawLine.length - 1) === 0x0d ? rawLine.slice(0, -1) : rawLine;
  const role = readRecordLineStructure(state, line, i);
  if (role === 'field') {
    readFieldItem(state, line, i);
    return 'field';
  }
  if (role !== 'listItem') {
    if (state.openItems.length > 0 && endsListItems(state, line, role, i)) {
      closeListItems(state, 0, i);
    }
    return role;
  }
  const item = detectItemStatus(line);
  if (item && (!state.lean || item.status === 'failed' || item.status === 'skipped' || item.status === 'blocked')) {
    const itemText =
      item.markerStart >= item.textStart ? line.slice(item.textStart, item.markerStart).trimEnd() : line.slice(item.textStart).trimEnd();
    state.checklist.push({ line: i, status: item.status, text: itemText, label: labelOf(itemText), section: state.section, indent: item.indent });
  }
  if (state.kind === 'other') {
    readNoteItem(state, line, i, item !== undefined);
  }
  return item ? 'step' : 'listItem';
}

/**
 * Whether a line that is no list item ends the open list items: a heading, a horizontal rule,
 * or a paragraph or code fence that starts at the margin. An indented line continues the item
 * above it, and a blank line ends nothing.
 */
function endsListItems(state: RecordLineReader, line: string, role: RecordLineRole, i: number): boolean {
  if (role === 'heading' || role === 'rule') {
    return true;
  }
  const c = line.charCodeAt(0);
  if (line.length === 0 || c === 0x20 || c === 0x09) {
    return false;
  }
  if (role === 'code') {
    return state.fence !== undefined && state.fenceLine === i;
  }
  return role === 'text' && (c > 0x20 || line.trim().length > 0);
}

/** Ends the open list items indented `indent` columns or more, at line `i`. */
function closeListItems(state: RecordLineReader, indent: number, i: number): void {
  const open = state.openItems;
  while (open.length > 0 && open[open.length - 1].indent >= indent) {
    const item = open.pop()!;
    if (item.issue !== undefined) {
      item.issue.endLine = i;
    }
  }
}

/** Index just past a list bullet (`-`, `*`, `+`, `1.`, `1)`) at `at` that a space or tab follows, or -1. */
function bulletEnd(line: string, at: number): number {
  const c = line.charCodeAt(at);
  let end = at + 1;
  if (c !== 0x2d && c !== 0x2a && c !== 0x2b) {
    while (end - at <= 9 && line.charCodeAt(end - 1) >= 0x30 && line.charCodeAt(end - 1) <= 0x39) {
      end++;
    }
    const mark = line.charCodeAt(end - 1);
    if (end - at < 2 || (mark !== 0x2e && mark !== 0x29)) {
      return -1;
    }
  }
  const after = line.charCodeAt(end);
  return after === 0x20 || after === 0x09 ? end : -1;
}

function columnsBefore(line: string, at: number): number {
  let col = 0;
  for (let k = 0; k < at; k++) {
    col = line.charCodeAt(k) === 0x09 ? col + 4 - (col % 4) : col + 1;
  }
  return col;
}

// `RESOLUTION:`, `Root cause:`, `**Resolution**:`, `**Root Cause:**`, after the bullet's space.
const NOTE_CHILD = /[ \t]+(?:\*{1,3}|_{1,3})?(resolution|root[ \t]+cause)(?:\*{1,3}|_{1,3})?[ \t]*:(?:\*{1,3}|_{1,3})?/iy;

/**
 * For a list item whose bullet ends at `from`: whether it is a `RESOLUTION:` or `ROOT CAUSE:`
 * item (any case, bold or not), and the value written after the colon.
 */
function noteChildOf(line: string, from: number): { readonly resolution: boolean; readonly value: string } | undefined {
  let p = from;
  while (p < line.length && (line.charCodeAt(p) === 0x20 || line.charCodeAt(p) === 0x09)) {
    p++;
  }
  while (p < line.length && (line.charCodeAt(p) === 0x2a || line.charCodeAt(p) === 0x5f)) {
    p++;
  }
  // Most bullets are rejected here without running the pattern.
  if ((line.charCodeAt(p) | 0x20) !== 0x72) {
    return undefined;
  }
  NOTE_CHILD.lastIndex = from;
  const match = NOTE_CHILD.exec(line);
  if (!match) {
    return undefined;
  }
  return { resolution: (match[1].charCodeAt(0) | 0x20) === 0x72 && (match[1].charCodeAt(1) | 0x20) === 0x65, value: line.slice(NOTE_CHILD.lastIndex) };
}

/**
 * Follows the list items of an ordinary section for issues written as notes, the way a team
 * logs one under `## Pilot notes`:
 *
 *     - First attempt at apply errored: … no supported methods remain
 *       - RESOLUTION: Add `var.proxmox_ssh_private_key` to .mise.local.toml
 *       - ROOT CAUSE: The provider needs SSH to upload the vendor data file
 *
 * A list item that is no step becomes an issue when an item indented under it starts with
 * `RESOLUTION:` or `ROOT CAUSE:` (any case, bold or not). It is titled by its text up to the
 * first `: ` (see noteTitle) and resolved when a RESOLUTION holds a value, by the rules of an
 * `**Resolution**` field; it has no number, phase, impact or time. A step never becomes one,
 * whatever is under it. `isStep`: whether `detectItemStatus` found a status marker on the line.
 */
function readNoteItem(state: RecordLineReader, line: string, i: number, isStep: boolean): void {
  const at = indentEnd(line);
  const end = bulletEnd(line, at);
  if (end === -1) {
    // `-x`, `2025 was…`: a line of text, read as the structure reader reads one.
    if (state.openItems.length > 0 && endsListItems(state, line, 'text', i)) {
      closeListItems(state, 0, i);
    }
    return;
  }
  const indent = columnsBefore(line, at);
  closeListItems(state, indent, i);
  const open = state.openItems;
  const note = noteChildOf(line, end);
  if (note !== undefined && at > 0) {
    state.noteChildSeen = true;
    const parent = open.length > 0 ? open[open.length - 1] : undefined;
    if (parent?.source !== undefined) {
      parent.issue ??= startNoteIssue(state, parent.source, parent.textStart, parent.line);
      if (note.resolution) {
        readIssueField(parent.issue, 'resolution', note.value);
      }
    }
  }
  // A RESOLUTION or ROOT CAUSE item is part of an issue, never one itself.
  open.push({ indent, line: i, source: isStep || note !== undefined ? undefined : line, textStart: end, issue: undefined });
}

/** The issue a plain list item becomes: `source` is its line, its text starts at `textStart`. */
function startNoteIssue(state: RecordLineReader, source: string, textStart: number, line: number): MutableIssue {
  const text = source.slice(textStart).trim();
  const title = noteTitle(text);
  const plain = cleanValue(text);
  const issue: MutableIssue = { number: 0, title, line, resolved: false, placeholder: plain.length === 0 || PLACEHOLDER_BRACKET.test(plain), note: true };
  // Issues noted under items of this one were found first: keep the issues in line order.
  let at = state.issues.length;
  while (at > 0 && state.issues[at - 1].line > line) {
    at--;
  }
  state.issues.splice(at, 0, issue);
  return issue;
}

const NOTE_TITLE_LENGTH = 80;

/**
 * The title of an issue written as a note: its text up to the first colon that a space or the
 * end follows (after any closing `**`), when that is at most 80 characters; else its first
 * words, cut at a word so that with the `…` that ends them they take at most 80 characters.
 * Emphasis around it is dropped, as from an `### Issue #N` title.
 */
function noteTitle(text: string): string {
  for (let c = text.indexOf(':'); c !== -1 && c <= NOTE_TITLE_LENGTH; c = text.indexOf(':', c + 1)) {
    let k = c + 1;
    while (text.charCodeAt(k) === 0x2a || text.charCodeAt(k) === 0x5f) {
      k++;
    }
    if (k >= text.length || text.charCodeAt(k) === 0x20 || text.charCodeAt(k) === 0x09) {
      const prefix = cleanValue(text.slice(0, c));
      if (prefix.length > 0) {
        return prefix;
      }
      break;
    }
  }
  const plain = cleanValue(text);
  if (plain.length <= NOTE_TITLE_LENGTH) {
    return plain;
  }
  const space = plain.lastIndexOf(' ', NOTE_TITLE_LENGTH - 1);
  return `${plain.slice(0, space > 0 ? space : NOTE_TITLE_LENGTH - 1).trimEnd()}…`;
}

/**
 * The part of `readRecordLine` that decides where a line stands, shared with the editor's
 * line classifier so that the highlighting and the figures follow one rule: it follows code
 * blocks, sections and issues, but reads no field and no step. A list item comes back as
 * `field` inside a metadata or metrics section or an issue, as `lesson` inside the Lessons
 * Learned section (its `###` sub-headings included, up to the next `#`/`##` heading or
 * horizontal rule, as for the metadata sections), and as `listItem` elsewhere; a `listItem` is
 * a step when `detectItemStatus` finds a status marker on it. `line` has no line break (nor a
 * trailing `\r`).
 */
export function readRecordLineStructure(state: RecordLineReader, line: string, i: number): Exclude<RecordLineRole, 'step'> {
  const at = indentEnd(line);
  const firstCode = line.charCodeAt(at);

  // Every pattern below needs a particular first character, so most lines cost one look.
  const fenceMatch = firstCode === 0x60 || firstCode === 0x7e ? FENCE.exec(line) : null;
  if (state.fence !== undefined) {
    const fence = state.fence;
    if (fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length && line.trim() === fenceMatch[0].trim()) {
      state.fence = undefined;
    }
    return 'code';
  }
  if (fenceMatch) {
    state.fence = fenceMatch[1];
    state.fenceLine = i;
    return 'code';
  }

  // Other whitespace (no-break space…) is rare: let trimStart decide as before.
  const first = firstCode > 0x20 && firstCode < 0x7f ? line[at] : line.trimStart()[0];
  if (first === '#') {
    const issueMatch = at <= 3 && line.startsWith('###', at) && (line.charCodeAt(at + 3) === 0x20 || line.charCodeAt(at + 3) === 0x09) ? ISSUE_HEADING.exec(line) : null;
    if (issueMatch) {
      const title = cleanValue(headingText(issueMatch[2]));
      // An untitled issue (`[TITLE]`, nothing) stays a placeholder until a field is filled in.
      const untitled = isPlaceholderValue(title);
      state.issue = {
        number: Number(issueMatch[1]),
        title: untitled ? '' : title,
        line: i,
        resolved: false,
        placeholder: untitled
      };
      state.issues.push(state.issue);
      return 'heading';
    }
    const heading = HEADING.exec(line);
    if (heading) {
      state.issue = undefined;
      if (heading[1].length <= 2) {
        state.section = headingText(heading[2]);
        state.kind = sectionKindOf(state.section);
        if (state.kind === 'metadata' && /deployment metadata/i.test(state.section)) {
          state.hasMetadata = true;
        }
      }
      return 'heading';
    }
  }
  if ((first === '-' || first === '*' || first === '_') && line[indentEnd(line, at + 1)] === first && RULE.test(line)) {
    state.issue = undefined;
    if (state.kind === 'metadata' || state.kind === 'metrics' || state.kind === 'lessons') {
      state.kind = 'other';
    }
    return 'rule';
  }
  if (first !== '-' && first !== '*' && first !== '+' && !(first !== undefined && first >= '0' && first <= '9')) {
    return 'text';
  }
  if (state.issue !== undefined || state.kind === 'metadata' || state.kind === 'metrics') {
    return 'field';
  }
  return state.kind === 'lessons' ? 'lesson' : 'listItem';
}

/** Reads a list item of a metadata or metrics section or an issue: a `- **Key**: value` field, if it is one. */
function readFieldItem(state: RecordLineReader, line: string, i: number): void {
  const at = indentEnd(line);
  const bullet = line.charCodeAt(at);
  const fieldMatch = bullet === 0x2d || bullet === 0x2a || bullet === 0x2b ? matchField(line, at) : undefined;
  if (fieldMatch === undefined) {
    return;
  }
  const [rawKey, rest] = fieldMatch;
  const restStart = rest.trimStart();
  if (restStart.startsWith(':')) {
    readRecordField(state, rawKey.trim(), restStart.slice(1), i);
  } else if (rawKey.trimEnd().endsWith(':')) {
    readRecordField(state, rawKey.trim().slice(0, -1).trim(), rest, i);
  }
}

/**
 * Reads a `- **Key**: value` field (key trimmed, value as written after the colon) found on
 * line `i` in a metadata or metrics section or in an issue. Shared by `readRecordLine` and
 * the analytics reader, which splits the commonest field lines itself.
 */
export function readRecordField(state: RecordLineReader, key: string, rawValue: string, i: number): void {
  if (state.issue !== undefined) {
    readIssueField(state.issue, normaliseKey(key), rawValue);
    return;
  }
  const norm = normaliseKey(key);
  if (state.lean && !ANALYTICS_KEYS.has(norm) && phaseRoleOf(key) === null) {
    return;
  }
  const value = rawValue.trim();
  const field: RecordField = { key, value, line: i, section: state.section, placeholder: isPlaceholderValue(value) };
  // The lean reading lists only the fields the figures look up in `fields`; the others are
  // read into the record's own properties, so listing them too would only make garbage.
  if (!state.lean || LISTED_ANALYTICS_KEYS.has(norm)) {
    state.fields.push(field);
  }
  if (!state.values.has(norm)) {
    state.values.set(norm, field);
  }
  readPhaseField(key, field, state.phases, state.problems);
}

/** The record read so far, once every line has been through `readRecordLine`. */
export function finishRecord(state: RecordLineReader, fileName: string | undefined): ParsedRecord {
  if (state.fence !== undefined) {
    state.problems.push({ line: state.fenceLine, message: 'A code block is never closed; the rest of the record was not read.' });
  }
  return assemble(fileName, state.values, state.phases, state.fields, state.checklist, state.issues, state.problems, state.hasMetadata);
}

/**
 * Whether a field whose key (as written between the `**`, holding no `:`) is one that
 * `parseRecordForAnalytics` keeps: the analytics reader skips the others without reading
 * their values. Remembered per key, like normaliseKey.
 */
export function isAnalyticsFieldKey(rawKey: string): boolean {
  return remembered(analyticsKeys, rawKey, (raw) => {
    const key = raw.trim();
    return ANALYTICS_KEYS.has(normaliseKey(key)) || phaseRoleOf(key) !== null;
  });
}
const analyticsKeys = new Map<string, boolean>();

type PhaseRole = { readonly kind: 'start' | 'duration'; readonly name: string } | null;
const phaseRoles = new Map<string, PhaseRole>();

/** Whether a field (its key as written, trimmed) is a phase's `<Name> Start` or `<Name> Duration`; remembered per key. */
function phaseRoleOf(key: string): PhaseRole {
  return remembered(phaseRoles, key, phaseRoleUncached);
}

function phaseRoleUncached(key: string): PhaseRole {
  const norm = normaliseKey(key);
  let role: PhaseRole = null;
  const startMatch = /^(.{1,60}?) start(?: time)?$/.exec(norm);
  if (startMatch && norm !== 'start time') {
    role = { kind: 'start', name: displayKey(key).slice(0, startMatch[1].length).trim() };
  } else {
    const durationMatch = /^(.{1,60}?) duration$/.exec(norm);
    if (durationMatch && durationMatch[1] !== 'total') {
      role = { kind: 'duration', name: displayKey(key).slice(0, durationMatch[1].length).trim() };
    }
  }
  return role;
}

function readPhaseField(
  key: string,
  field: RecordField,
  phases: Map<string, MutablePhase>,
  problems: RecordProblem[]
): void {
  const role = phaseRoleOf(key);
  if (role === null) {
    return;
  }
  if (role.kind === 'start') {
    const phase = phaseNamed(phases, role.name);
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
  const phase = phaseNamed(phases, role.name);
  if (phase.durationLine === undefined) {
    phase.durationLine = field.line;
    if (!field.placeholder) {
      phase.writtenDurationSeconds = parseDurationSeconds(field.value);
    }
  }
}

function readIssueField(issue: MutableIssue, key: string, rawValue: string): void {
  const value = rawValue.trim();
  const placeholder = isPlaceholderValue(value);
  if (!placeholder) {
    // Something was written: an issue, even if its title is still `[TITLE]`.
    issue.placeholder = false;
  }
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

/**
 * The issues of a record as read: unfilled examples (`### Issue #N: [TITLE]` with nothing but
 * placeholders in its fields) left out, and a number used twice reported in `problems`. An
 * issue with a field filled in counts even when its title is a placeholder; its title is then
 * empty. Shared with the analytics row reader.
 */
export function issueEntries(rawIssues: readonly MutableIssue[], problems: RecordProblem[]): IssueEntry[] {
  const seen = new Set<number>();
  const issues: IssueEntry[] = [];
  for (const issue of rawIssues) {
    if (issue.placeholder) {
      continue;
    }
    // An issue written as a note has no number to repeat.
    if (issue.note !== true) {
      if (seen.has(issue.number)) {
        problems.push({ line: issue.line, message: `Issue #${issue.number} appears more than once.` });
      }
      seen.add(issue.number);
    }
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
  return issues;
}

/** What a Git Branch or Git Commit holds when there was none: Start Deployment writes `none`. */
const NO_GIT_VALUE: ReadonlySet<string> = new Set(['none', '(none)', '-', '--', '—', '–']);

/**
 * A `Git Branch` or `Git Commit` value (without emphasis), or undefined when it says there was
 * none: `none`, which Start Deployment writes outside a repository, before the first commit and
 * on a detached HEAD, or a dash. Only for these fields: `Downtime: none` is a downtime of 0.
 */
export function recordedGitValue(value: string | undefined): string | undefined {
  return value !== undefined && value.length <= 6 && NO_GIT_VALUE.has(value.toLowerCase()) ? undefined : value;
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

  const issues = issueEntries(rawIssues, problems);

  const phases: PhaseTiming[] = [...phaseMap.values()].map((p) => ({ ...p }));

  // Assigned one by one, in the order the fields have always had, rather than built from
  // a dozen spreads: every record then gets the same few object shapes, which is several
  // times faster to build and to read back on 10,000 records.
  const record: { -readonly [K in keyof ParsedRecord]?: ParsedRecord[K] } = {};
  if (baseName !== undefined) {
    record.fileName = baseName;
  }
  if (id !== undefined) {
    record.id = id;
  }
  if (startTime !== undefined) {
    record.startTime = startTime;
  }
  if (startTimeSource !== undefined) {
    record.startTimeSource = startTimeSource;
  }
  if (endTime !== undefined && endField !== undefined) {
    record.endTime = endTime;
    record.endTimeLine = endField.line;
  }
  const operator = plain('operator');
  if (operator !== undefined) {
    record.operator = operator;
  }
  const environment = plain('environment');
  if (environment !== undefined) {
    record.environment = environment;
  }
  const branch = recordedGitValue(plain('git branch')) ?? recordedGitValue(plain('branch'));
  if (branch !== undefined) {
    record.branch = branch;
  }
  const commit = recordedGitValue(plain('git commit')) ?? recordedGitValue(plain('commit'));
  if (commit !== undefined) {
    record.commit = commit;
  }
  record.outcome = outcome;
  const outcomeNote = plain('outcome note');
  if (outcomeNote !== undefined) {
    record.outcomeNote = outcomeNote;
  }
  if (writtenTotalSeconds !== undefined) {
    record.writtenTotalSeconds = writtenTotalSeconds;
  }
  record.phases = phases;
  record.checklist = checklist;
  record.issues = issues;
  record.fields = fields;
  record.problems = problems;
  record.hasMetadata = hasMetadata;
  return record as ParsedRecord;
}
