import { createLineReader, finishRecord, isAnalyticsFieldKey, parseRecordForAnalytics, readRecordLine } from '../record/recordParser';
import type { ParsedRecord } from '../record/recordTypes';

/**
 * Code units that can make a checklist step failed, skipped or blocked: ❌ ✖ ⏭ ⚠ ⛔, and the
 * low surrogate of 🚫. A step line holding none of them (and no unusual `[…]` box) is done,
 * pending or in progress, which analytics does not count, so it is passed over unread.
 */
const STEP_MARKERS = ['\u274c', '\u2716', '\u23ed', '\u26a0', '\u26d4', '\udeab'] as const;

/**
 * `parseRecordForAnalytics` without building a string per line: walks the text by index and
 * hands to the parser's own line reader (`readRecordLine`) only the lines that can change the
 * result — headings, rules, fences, the kept metadata fields, issue fields and steps that
 * may be failed, skipped or blocked. The other lines (most of a record) are passed over after
 * a few character checks that follow the parser's rules exactly, so the result is the same
 * record `parseRecordForAnalytics` returns; on any error, it is that function's result.
 * Never throws.
 */
export function readRecordForAnalytics(input: string, fileName?: string): ParsedRecord {
  try {
    return readUnsafe(typeof input === 'string' ? input : '', fileName);
  } catch {
    return parseRecordForAnalytics(input, fileName);
  }
}

function readUnsafe(input: string, fileName: string | undefined): ParsedRecord {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const state = createLineReader(true);
  const length = text.length;
  // Next position of each step marker at or after the current line, found lazily.
  const markerAt = new Int32Array(STEP_MARKERS.length).fill(-2);
  let lineNo = 0;
  let start = 0;
  while (start <= length) {
    let end = text.indexOf('\n', start);
    if (end === -1) {
      end = length;
    }
    if (mustRead(text, start, end, state, markerAt)) {
      readRecordLine(state, text.slice(start, end), lineNo);
    }
    lineNo++;
    start = end + 1;
  }
  return finishRecord(state, fileName);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** False only when `readRecordLine` would leave the reader as it is for the line [start, end). */
function mustRead(text: string, start: number, end: number, state: ReturnType<typeof createLineReader>, markerAt: Int32Array): boolean {
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
  return bullet ? mayBeCountedStep(text, at + 1, end, markerAt) : mayBeCountedStep(text, at, end, markerAt, true);
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
