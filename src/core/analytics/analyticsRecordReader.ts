import { createLineReader, finishRecord, isAnalyticsFieldKey, parseRecordForAnalytics, readRecordField, readRecordLine, type RecordLineReader } from '../record/recordParser';
import type { ParsedRecord } from '../record/recordTypes';
import { SpanMemo } from './spanMemo';

/**
 * UTF-8 bytes, read one byte per character (latin1), of the code points that can make a
 * checklist step failed, skipped or blocked: ❌ ✖ ⏭ ⚠ ⛔ 🚫. A step line holding none of them
 * (and no unusual `[…]` box) is done, pending or in progress, which analytics does not count,
 * so it is passed over unread. UTF-8 never starts a character inside another, so a match is
 * always the whole code point.
 */
const STEP_MARKERS = ['\xe2\x9d\x8c', '\xe2\x9c\x96', '\xe2\x8f\xad', '\xe2\x9a\xa0', '\xe2\x9b\x94', '\xf0\x9f\x9a\xab'] as const;

/**
 * `parseRecordForAnalytics` without decoding the whole file: the bytes are walked as a
 * one-byte (latin1) string, in which every index is a byte offset and every ASCII character
 * reads as itself, and only the lines that can change the result are decoded as UTF-8 and
 * handed to the parser's own line reader (`readRecordLine`): headings, rules, fences, the
 * kept metadata fields, issue fields and steps that may be failed, skipped or blocked (never
 * the items of the Lessons Learned section, which are not steps). The other lines (most of a
 * record) are passed over after a few byte checks that follow the parser's rules exactly, so
 * the result is the same record `parseRecordForAnalytics` returns. A record with an issue
 * written as a note (an indented `RESOLUTION:` or `ROOT CAUSE:` bullet, which makes the list
 * item above it an issue) is read by `parseRecordForAnalytics` itself, since that item was
 * passed over.
 *
 * Why bytes: decoding 10,000 records with emoji as UTF-8 costs more than reading them, and
 * every value sliced from a decoded file kept the whole file's text alive (peak memory of
 * the CLI on 10,000 records fell from 226 MB to 160 MB). Decoded lines are small and die young.
 *
 * `bytes` must be valid UTF-8 (the folder scanner checks); on any error, the result is
 * `parseRecordForAnalytics`'s. Never throws.
 */
export function readRecordBytesForAnalytics(bytes: Buffer, fileName?: string): ParsedRecord {
  try {
    return readUnsafe(bytes, fileName);
  } catch {
    return parseRecordForAnalytics(bytes.toString('utf8'), fileName);
  }
}

/** The same reading from a string (for tests and callers that already decoded). Never throws. */
export function readRecordForAnalytics(input: string, fileName?: string): ParsedRecord {
  if (typeof input !== 'string') {
    return parseRecordForAnalytics(input, fileName);
  }
  const bytes = Buffer.from(input, 'utf8');
  // A lone surrogate has no UTF-8 form: such text is read by the parser itself.
  return bytes.toString('utf8') === input ? readRecordBytesForAnalytics(bytes, fileName) : parseRecordForAnalytics(input, fileName);
}

function readUnsafe(bytes: Buffer, fileName: string | undefined): ParsedRecord {
  const from = bomLength(bytes);
  const text = bytes.toString('latin1', from);
  const state = createLineReader(true);
  const length = text.length;
  const hasCr = text.indexOf('\r') !== -1;
  const markerAt = markerCursor();
  let lineNo = 0;
  let start = 0;
  while (start <= length) {
    const end = lineEndAt(text, start);
    const done = state.fence === undefined && (state.issue !== undefined || state.kind === 'metadata' || state.kind === 'metrics') && readFieldLine(text, bytes, from, start, end, lineNo, state, hasCr);
    if (!done && mustRead(text, start, end, state, markerAt)) {
      readRecordLine(state, bytes.toString('utf8', from + start, from + end), lineNo);
    }
    lineNo++;
    start = end + 1;
  }
  if (state.noteChildSeen) {
    // A `RESOLUTION:` bullet may make a list item above it an issue, and that item was passed over.
    return parseRecordForAnalytics(bytes.toString('utf8'), fileName);
  }
  return finishRecord(state, fileName);
}

/** Where the line starting at `start` ends: its `\n`, or the end of the text. */
export function lineEndAt(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end === -1 ? text.length : end;
}

/** Bytes of a UTF-8 byte order mark at the start, which is dropped as the parser drops U+FEFF. */
export function bomLength(bytes: Buffer): number {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/** For `mustRead`: the next position of each step marker at or after the current line, found lazily. */
export function markerCursor(): Int32Array {
  return new Int32Array(STEP_MARKERS.length).fill(-2);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** ASCII characters `String.prototype.trim` removes (a `\r` never gets this far). */
function isTrimmedAscii(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/**
 * A field key, as read from a line: the key itself, whether the lean reading keeps such a
 * field, and (filled in by the row reader on first use) its slot in the record template.
 */
export interface FieldKey {
  readonly key: string;
  readonly kept: boolean;
  /** -2 until the row reader has looked it up; -1 when the template has no such field. */
  slot: number;
}

/** A key as written between the `**`: as a key followed by a colon, and as a key ending in one. */
interface KeyForms {
  readonly trimmed: FieldKey;
  readonly withoutColon: FieldKey | undefined;
}
/** Remembered per key as written; a key with a non-ASCII character is left to the parser. */
const keyForms = new SpanMemo<KeyForms | 'notAscii'>();

function fieldKey(key: string): FieldKey {
  return { key, kept: isAnalyticsFieldKey(key), slot: -2 };
}

function keyFormsAt(text: string, start: number, end: number): KeyForms | 'notAscii' {
  let forms = keyForms.get(text, start, end);
  if (forms === undefined) {
    forms = keyFormsUncached(text, start, end);
    keyForms.set(text, start, end, forms);
  }
  return forms;
}

function keyFormsUncached(text: string, start: number, end: number): KeyForms | 'notAscii' {
  for (let k = start; k < end; k++) {
    if (text.charCodeAt(k) >= 0x80) {
      return 'notAscii';
    }
  }
  const raw = text.slice(start, end);
  const trimmed = raw.trim();
  return { trimmed: fieldKey(trimmed), withoutColon: raw.trimEnd().endsWith(':') ? fieldKey(trimmed.slice(0, -1).trim()) : undefined };
}

/** What `splitFieldLine` found on a line. */
export const enum FieldLine {
  /** Anything else, or anything unusual: the parser's line reader decides. */
  Other,
  /** Bold text without a colon: not a field, and nothing else in these sections. */
  NotAField,
  /** A field: its key and where its value starts and the line ends are in `splitField`. */
  Field
}

/** The last field `splitFieldLine` split (one at a time, so no object per line). */
export const splitField: { key: FieldKey; valueStart: number; lineEnd: number } = { key: { key: '', kept: false, slot: -1 }, valueStart: 0, lineEnd: 0 };

/**
 * The commonest line of a metadata or metrics section or an issue, `- **Key**: value` with
 * an ASCII key, split without decoding it: the parser's own split (`matchField` and the colon
 * rules in `readRecordLine`), byte for byte. Anything else or unusual is `FieldLine.Other`,
 * for `readRecordLine` to decide. `hasCr`: whether the text holds a `\r` anywhere (rarely).
 */
export function splitFieldLine(text: string, start: number, end: number, hasCr: boolean): FieldLine {
  const lineEnd = end > start && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
  let at = start;
  while (at < lineEnd && isSpace(text.charCodeAt(at))) {
    at++;
  }
  const bullet = text.charCodeAt(at);
  // `*` bullets are left to the parser, which first checks them for a `* * *` rule.
  if (at - start > 3 || (bullet !== 0x2d && bullet !== 0x2b)) {
    return FieldLine.Other;
  }
  let i = at + 1;
  while (i < lineEnd && isSpace(text.charCodeAt(i))) {
    i++;
  }
  if (i === at + 1 || text.charCodeAt(i) !== 0x2a || text.charCodeAt(i + 1) !== 0x2a) {
    return FieldLine.Other;
  }
  const keyStart = i + 2;
  const keyEnd = text.indexOf('*', keyStart);
  if (keyEnd === -1 || keyEnd >= lineEnd || keyEnd === keyStart || keyEnd - keyStart > 100 || text.charCodeAt(keyEnd + 1) !== 0x2a) {
    return FieldLine.Other;
  }
  const forms = keyFormsAt(text, keyStart, keyEnd);
  if (forms === 'notAscii') {
    return FieldLine.Other;
  }
  if (hasCr) {
    for (let k = keyEnd + 2; k < lineEnd; k++) {
      if (text.charCodeAt(k) === 0x0d) {
        return FieldLine.Other;
      }
    }
  }
  let p = keyEnd + 2;
  while (p < lineEnd && isTrimmedAscii(text.charCodeAt(p))) {
    p++;
  }
  if (p < lineEnd && text.charCodeAt(p) >= 0x80) {
    return FieldLine.Other; // maybe Unicode space, which trimStart would pass over
  }
  if (text.charCodeAt(p) === 0x3a && p < lineEnd) {
    splitField.key = forms.trimmed;
    splitField.valueStart = p + 1;
  } else if (forms.withoutColon !== undefined) {
    splitField.key = forms.withoutColon;
    splitField.valueStart = keyEnd + 2;
  } else {
    return FieldLine.NotAField;
  }
  splitField.lineEnd = lineEnd;
  return FieldLine.Field;
}

/**
 * A field's value as written after the colon, decoded afresh rather than sliced from a whole
 * decoded file, so that a kept value does not keep the file's text alive; undefined when the
 * line holds a Unicode line separator, which `.` in the parser's field pattern stops at (then
 * the line is not a field).
 */
export function fieldValue(bytes: Buffer, from: number): string | undefined {
  const rawValue = bytes.toString('utf8', from + splitField.valueStart, from + splitField.lineEnd);
  return rawValue.indexOf('\u2028') !== -1 || rawValue.indexOf('\u2029') !== -1 ? undefined : rawValue;
}

/** A field line of a metadata or metrics section or an issue, read as `readRecordLine` would; false when it is left to it. */
function readFieldLine(text: string, bytes: Buffer, from: number, start: number, end: number, lineNo: number, state: RecordLineReader, hasCr: boolean): boolean {
  const split = splitFieldLine(text, start, end, hasCr);
  if (split !== FieldLine.Field) {
    return split === FieldLine.NotAField;
  }
  const key = splitField.key;
  if (state.issue === undefined && !key.kept) {
    return true;
  }
  const rawValue = fieldValue(bytes, from);
  if (rawValue === undefined) {
    return false;
  }
  readRecordField(state, key.key, rawValue, lineNo);
  return true;
}

/**
 * False only when `readRecordLine` would leave the reader as it is for the line [start, end),
 * apart from its open list items: those matter only once a `RESOLUTION:` or `ROOT CAUSE:`
 * bullet is read, which this never passes over, and then the record is read line by line.
 */
export function mustRead(text: string, start: number, end: number, state: RecordLineReader, markerAt: Int32Array): boolean {
  let at = start;
  while (at < end && isSpace(text.charCodeAt(at))) {
    at++;
  }
  if (at === end) {
    return false; // blank: no first character
  }
  const c = text.charCodeAt(at);
  if (c === 0x60 || c === 0x7e) {
    return true; // a fence may open or close
  }
  if (state.fence !== undefined) {
    return false;
  }
  if (c === 0x0d) {
    // Only a `\r` ending the line is dropped; the parser's trimStart decides about the rest.
    return at !== end - 1;
  }
  if (c <= 0x20 || c >= 0x7f || c === 0x23) {
    return true; // unusual whitespace or a heading: the parser decides
  }
  const bullet = c === 0x2d || c === 0x2a || c === 0x2b;
  if (bullet || c === 0x5f) {
    let next = at + 1;
    while (next < end && isSpace(text.charCodeAt(next))) {
      next++;
    }
    if (next < end && text.charCodeAt(next) === c) {
      return true; // may be a rule
    }
    if (!bullet) {
      return false;
    }
  } else if (c < 0x30 || c > 0x39) {
    return false; // not a bullet, a number, a heading, a rule or a fence
  }
  if (state.issue !== undefined) {
    return true;
  }
  if (state.kind === 'metadata' || state.kind === 'metrics') {
    return bullet && isKeptField(text, at, end);
  }
  if (state.kind === 'lessons') {
    return false; // a lesson or an action item, never a step, whatever its marker
  }
  // Numbered items are always read (mayBeCountedStep).
  if (bullet && at > start && state.kind === 'other' && mayBeNoteChild(text, at + 1, end)) {
    return true; // the reader notes it, and the record is then read line by line
  }
  return bullet ? mayBeCountedStep(text, at + 1, end, markerAt) : mayBeCountedStep(text, at, end, markerAt, true);
}

/**
 * Whether an indented bullet whose bullet ends at `from` may be a `RESOLUTION:` or
 * `ROOT CAUSE:` bullet, which can make the list item above it an issue (true when unsure).
 */
function mayBeNoteChild(text: string, from: number, end: number): boolean {
  let p = from;
  while (p < end && (isSpace(text.charCodeAt(p)) || text.charCodeAt(p) === 0x2a || text.charCodeAt(p) === 0x5f)) {
    p++;
  }
  return startsWithWord(text, p, end, 'resolution') || startsWithWord(text, p, end, 'root');
}

/** Whether the letters of lower-case `word` start at `at`, in any case. */
function startsWithWord(text: string, at: number, end: number, word: string): boolean {
  if (end - at < word.length) {
    return false;
  }
  for (let k = 0; k < word.length; k++) {
    if ((text.charCodeAt(at + k) | 0x20) !== word.charCodeAt(k)) {
      return false;
    }
  }
  return true;
}

/** Whether a `- **Key**…` line may be a field the lean reading keeps (true when unsure). */
function isKeptField(text: string, at: number, end: number): boolean {
  let i = at + 1;
  while (i < end && isSpace(text.charCodeAt(i))) {
    i++;
  }
  if (i === at + 1 || text.charCodeAt(i) !== 0x2a || text.charCodeAt(i + 1) !== 0x2a) {
    return false; // not `- **`: never a field, so a line the metadata sections ignore
  }
  const keyStart = i + 2;
  const keyEnd = text.indexOf('**', keyStart);
  if (keyEnd === -1 || keyEnd >= end || keyEnd - keyStart > 100) {
    return true;
  }
  for (let k = keyStart; k < keyEnd; k++) {
    if (text.charCodeAt(k) >= 0x80) {
      return true; // not ASCII: only the decoded key can say (a no-break space is a space)
    }
  }
  const key = text.slice(keyStart, keyEnd);
  return key.indexOf(':') !== -1 || key.indexOf('*') !== -1 || isAnalyticsFieldKey(key);
}

/**
 * Whether a step line in an ordinary section may be failed, skipped or blocked (true when
 * unsure). `from` is just after a `-`/`*`/`+` bullet; numbered items are always read.
 */
function mayBeCountedStep(text: string, from: number, end: number, markerAt: Int32Array, numbered = false): boolean {
  for (let k = 0; k < STEP_MARKERS.length; k++) {
    let pos = markerAt[k];
    if (pos !== -1 && pos < from) {
      pos = text.indexOf(STEP_MARKERS[k], from);
      markerAt[k] = pos;
    }
    if (pos !== -1 && pos < end) {
      return true;
    }
  }
  if (numbered) {
    return true;
  }
  let p = from;
  while (p < end && isSpace(text.charCodeAt(p))) {
    p++;
  }
  if (text.charCodeAt(p) !== 0x5b) {
    return false; // no box: the status can only come from a marker emoji, and there is none
  }
  // `[x]`, `[X]`, `[ ]` and `[]` are done or pending (pending with a trailing emoji is covered above).
  const c1 = text.charCodeAt(p + 1);
  if (c1 === 0x5d) {
    return false;
  }
  return !((c1 === 0x78 || c1 === 0x58 || c1 === 0x20) && text.charCodeAt(p + 2) === 0x5d);
}
