import { remembered } from '../boundedMemo';
import type { RecordedTime } from './recordTypes';

// Anchored and built from bounded, non-overlapping pieces so a hostile value cannot make it backtrack.
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(?:\s?(Z|z|UTC|[+-]\d{2}(?::?\d{2})?))?(?![\d:])/;
const LEADING_DECORATION = /^[\s*_`~]*/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in `month` (1-12) of `year`. Arithmetic rather than a Date object: this runs for every timestamp of every record. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    // Date.UTC reads years 0-99 as 1900-1999; the same reading is kept here.
    const y = year >= 0 && year <= 99 ? 1900 + year : year;
    return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  }
  return DAYS_IN_MONTH[month - 1];
}

/**
 * Reads a timestamp as records write it: `2025-09-05 18:41:13`, ISO 8601 with `T`, `Z`,
 * `+02:00`/`+0200` offsets, `UTC` or `GMT` alone or with an offset (`UTC+2`, `GMT+05:30`),
 * optional seconds and fractions, or a bare date. Markdown emphasis around it and trailing
 * text (` ✅`, `(approx.)`) are ignored. Returns undefined for anything else, including
 * impossible dates and an offset that could be read more than one way (`UTC+530`, `10:00+2`,
 * and `10:00-10:30`, a range or an offset); never throws.
 */
export function parseRecordedTime(text: string): RecordedTime | undefined {
  if (typeof text !== 'string') {
    return undefined;
  }
  const plain = plainTimestamp(text);
  if (plain !== null) {
    return plain;
  }
  const lead = LEADING_DECORATION.exec(text);
  const start = lead ? lead[0].length : 0;
  const head = text.slice(start, start + 64);
  const m = TIMESTAMP.exec(head);
  if (!m) {
    return undefined;
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const fractionMs = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  let offsetMinutes: number | undefined;
  let end = m[0].length;
  const zone = m[8];
  const named = zone === 'UTC' ? end : zone === undefined ? namedZoneEnd(head, end) : -1;
  if (named !== -1) {
    // `UTC` or `GMT`, alone or with an offset after it: `UTC+2`, `GMT+05:30`.
    const offset = offsetAfterNamedZone(head, named);
    if (offset === undefined) {
      return undefined;
    }
    offsetMinutes = offset.minutes;
    end = offset.end;
  } else if (zone === undefined) {
    // An offset the pattern could not read (`+2`, `+2:30`, `+02:0`) is not ignored: which
    // time was meant is anyone's guess, so the time is not readable.
    if (m[4] !== undefined && malformedOffsetAt(head, end)) {
      return undefined;
    }
  } else if (zone === 'Z' || zone === 'z') {
    offsetMinutes = 0;
  } else if (m[4] !== undefined && m[6] === undefined && zone[0] === '-' && zone.length === 6 && head[10] !== 'T' && head[10] !== 't') {
    // `2025-10-01 10:00-10:30` after a time to the minute is as likely the end of a range as an
    // offset (`10:00-04:00`): read either way, the time could be hours off, so it is not
    // readable. With ISO 8601's `T` (`2025-10-01T10:00-04:00`) it is an offset, as ISO says.
    return undefined;
  } else {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (hours > 23 || minutes > 59) {
      return undefined;
    }
    offsetMinutes = sign * (hours * 60 + minutes);
  }
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second, fractionMs);
  const epochMs = wallMs - (offsetMinutes ?? 0) * 60_000;
  return {
    raw: head.slice(0, end).trim(),
    epochMs,
    wall: { year, month, day, hour, minute, second },
    ...(offsetMinutes === undefined ? {} : { offsetMinutes })
  };
}

function isZoneSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0xa0;
}

/**
 * Whether a sign and a digit stand at `at`, after at most one space: an offset the pattern
 * could not read. By hand, since it runs for every time read the long way.
 */
function malformedOffsetAt(text: string, at: number): boolean {
  const i = isZoneSpace(text.charCodeAt(at)) ? at + 1 : at;
  const c = text.charCodeAt(i);
  return (c === 0x2b || c === 0x2d || c === 0x2212) && digitAt(text, i + 1) >= 0;
}

/**
 * Where a `UTC` or `GMT` (any case, after at most one space) that follows a timestamp at `at`
 * ends, or -1 when none does (`UTCx` is a word, not a zone).
 */
function namedZoneEnd(text: string, at: number): number {
  const from = isZoneSpace(text.charCodeAt(at)) ? at + 1 : at;
  const a = text.charCodeAt(from) | 0x20;
  const b = text.charCodeAt(from + 1) | 0x20;
  const c = text.charCodeAt(from + 2) | 0x20;
  // u t c, or g m t
  if (!((a === 0x75 && b === 0x74 && c === 0x63) || (a === 0x67 && b === 0x6d && c === 0x74))) {
    return -1;
  }
  const after = text.charCodeAt(from + 3) | 0x20;
  return after >= 0x61 && after <= 0x7a ? -1 : from + 3;
}

function digitsFrom(text: string, at: number): number {
  let i = at;
  while (digitAt(text, i) >= 0) {
    i++;
  }
  return i;
}

/**
 * The offset written right after `UTC` or `GMT` (which end at `at`): `+2`, `-5`, `+02`,
 * `+0530`, `+5:30`, `+05:30`, or none (0). Undefined for one that could be read more than one
 * way or is out of range (`+530`, `+2:3`, `+2.5`, `UTC +2`, `+25`): a guess could put the
 * deployment hours off.
 */
function offsetAfterNamedZone(text: string, at: number): { minutes: number; end: number } | undefined {
  const sign = text[at];
  if (sign !== '+' && sign !== '-' && sign !== '\u2212') {
    return digitAt(text, at) >= 0 || malformedOffsetAt(text, at) ? undefined : { minutes: 0, end: at };
  }
  const hoursEnd = digitsFrom(text, at + 1);
  const hourDigits = hoursEnd - at - 1;
  let hours: number;
  let minutes = 0;
  let end = hoursEnd;
  if (text[hoursEnd] === ':') {
    end = digitsFrom(text, hoursEnd + 1);
    if (hourDigits < 1 || hourDigits > 2 || end - hoursEnd - 1 !== 2) {
      return undefined;
    }
    hours = Number(text.slice(at + 1, hoursEnd));
    minutes = Number(text.slice(hoursEnd + 1, end));
  } else if (hourDigits === 1 || hourDigits === 2) {
    hours = Number(text.slice(at + 1, hoursEnd));
  } else if (hourDigits === 4) {
    hours = Number(text.slice(at + 1, at + 3));
    minutes = Number(text.slice(at + 3, at + 5));
  } else {
    return undefined;
  }
  const next = text[end];
  if (next === ':' || next === '.' || (next === ',' && digitAt(text, end + 1) >= 0) || hours > 23 || minutes > 59) {
    return undefined;
  }
  return { minutes: (sign === '+' ? 1 : -1) * (hours * 60 + minutes), end };
}

function digitAt(text: string, i: number): number {
  const d = text.charCodeAt(i) - 0x30;
  return d >= 0 && d <= 9 ? d : NaN;
}

/**
 * The forms records write most, `YYYY-MM-DD HH:MM:SS` (or with `T`), bare or followed by
 * exactly `Z`, `±HH`, `±HHMM` or `±HH:MM`, and nothing else, read without the pattern: the
 * same result as the general path, which takes every other form.
 * Null when the text is not exactly such a form (or is not a real date and time).
 */
function plainTimestamp(text: string): RecordedTime | undefined | null {
  const length = text.length;
  if (length < 19 || length > 25 || text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d || text.charCodeAt(13) !== 0x3a || text.charCodeAt(16) !== 0x3a) {
    return null;
  }
  const sep = text.charCodeAt(10);
  if (sep !== 0x20 && sep !== 0x54) {
    return null;
  }
  const year = digitAt(text, 0) * 1000 + digitAt(text, 1) * 100 + digitAt(text, 2) * 10 + digitAt(text, 3);
  const month = digitAt(text, 5) * 10 + digitAt(text, 6);
  const day = digitAt(text, 8) * 10 + digitAt(text, 9);
  const hour = digitAt(text, 11) * 10 + digitAt(text, 12);
  const minute = digitAt(text, 14) * 10 + digitAt(text, 15);
  const second = digitAt(text, 17) * 10 + digitAt(text, 18);
  if (Number.isNaN(year + month + day + hour + minute + second)) {
    return null;
  }
  const offsetMinutes = length === 19 ? undefined : plainOffsetMinutes(text, length);
  if (offsetMinutes === null) {
    return null;
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second, 0);
  const wall = { year, month, day, hour, minute, second };
  if (offsetMinutes === undefined) {
    return { raw: text, epochMs: wallMs, wall };
  }
  // An offset beyond ±23:59 makes the whole time unreadable, as on the general path.
  return Number.isNaN(offsetMinutes) ? undefined : { raw: text, epochMs: wallMs - offsetMinutes * 60_000, wall, offsetMinutes };
}

/**
 * The zone after the 19 characters of a plain timestamp: minutes east of UTC, NaN for an
 * offset out of range, null for anything but exactly `Z`, `z`, `±HH`, `±HHMM` or `±HH:MM`.
 */
function plainOffsetMinutes(text: string, length: number): number | null {
  const sign = text.charCodeAt(19);
  if (length === 20) {
    return sign === 0x5a || sign === 0x7a ? 0 : null;
  }
  if (sign !== 0x2b && sign !== 0x2d) {
    return null;
  }
  const minutesAt = length === 25 && text.charCodeAt(22) === 0x3a ? 23 : length === 24 ? 22 : length === 22 ? -1 : -2;
  if (minutesAt === -2) {
    return null;
  }
  const hours = digitAt(text, 20) * 10 + digitAt(text, 21);
  const minutes = minutesAt === -1 ? 0 : digitAt(text, minutesAt) * 10 + digitAt(text, minutesAt + 1);
  if (Number.isNaN(hours + minutes)) {
    return null;
  }
  return hours > 23 || minutes > 59 ? NaN : (sign === 0x2d ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * Seconds from `a` to `b`. When only one of them carries a UTC offset, both are compared as
 * wall clocks: offset-less times were written in the operator's local time, so mixing them
 * with an offset would shift the difference by the operator's zone.
 */
export function secondsBetween(a: RecordedTime, b: RecordedTime): number {
  if ((a.offsetMinutes === undefined) === (b.offsetMinutes === undefined)) {
    return (b.epochMs - a.epochMs) / 1000;
  }
  return (wallEpochMs(b) - wallEpochMs(a)) / 1000;
}

function wallEpochMs(t: RecordedTime): number {
  const w = t.wall;
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) + (t.epochMs % 1000 + 1000) % 1000;
}

const UNIT_SECONDS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(?:days?|d)(?![a-z])/, 86_400],
  [/^(?:hours?|hrs?|h)(?![a-z])/, 3_600],
  [/^(?:minutes?|mins?|m)(?![a-z])/, 60],
  [/^(?:seconds?|secs?|s)(?![a-z])/, 1]
];
const DURATION_PREFIX = /^(?:[\s*_`~≈<>]|about\b|approx(?:imately|\.)?|ca\.)*/;
const CLOCK = /^(\d{1,4}):([0-5]\d)(?::([0-5]\d))?(?:\.\d+)?(?![\d:])/;
const AMOUNT = /^(\d{1,9}(?:\.\d{1,9})?)\+?\s*/;
const SEPARATOR = /^(?:\s|,|\+|and\b)*/;

/**
 * Reads a duration as records write it: `~2 minutes`, `37+ minutes`, `1h 5m`, `1m 17s`,
 * `1h 05m 00s`, `00:37:12` (h:mm:ss), `12:05` (mm:ss), `135.4s`, `90 seconds`, `2 hours`.
 * A last number without a unit takes the next unit down (`1h30` and `1h 30` are 1h 30m, `5m30`
 * is 5m 30s), and a bare zero (`0`, `0.0`) is 0 whatever the unit. Trailing text such as
 * `(ongoing)` is ignored. Negative, non-numeric and other unit-less values give undefined;
 * never throws.
 */
export function parseDurationSeconds(text: string): number | undefined {
  if (typeof text !== 'string') {
    return undefined;
  }
  // Records repeat the same few dozen durations (`~2 minutes`, `00:07:04`): each is read once.
  return remembered(durations, text, readDuration, 5000);
}
const durations = new Map<string, number | undefined>();

/**
 * A duration given as a whole, as a command-line threshold is: `5m`, `1h 30m`, `1h30`,
 * `00:05:00`, `90s`. Unlike {@link parseDurationSeconds}, nothing may come before or after
 * it (`5m garbage`, `about 5m` give undefined). Never throws.
 */
export function parseWholeDurationSeconds(text: string): number | undefined {
  if (typeof text !== 'string' || text.length > 200) {
    return undefined;
  }
  const read = scanDuration(text.trim().toLowerCase());
  return read !== undefined && read.tail.trim() === '' ? read.seconds : undefined;
}

function readDuration(text: string): number | undefined {
  const rest = text.slice(0, 200).toLowerCase();
  return scanDuration(rest.slice(DURATION_PREFIX.exec(rest)?.[0].length ?? 0))?.seconds;
}

/** The unit a last number without one takes, after a number of `unit` seconds: hours after days, and so on. */
const NEXT_UNIT_DOWN: ReadonlyMap<number, number> = new Map([[86_400, 3_600], [3_600, 60], [60, 1]]);
/** Text after a number that is no unit and no word: the end, a bracket, an emoji. */
const NOT_A_WORD = /^(?:$|[^a-z0-9\-+/:.,])/;
const BARE_ZERO = /^0+(?:\.0+)?\s*/;

/**
 * The duration at the start of lower-cased `text`, and the text after what was read (before
 * any separator). Undefined when there is none.
 */
function scanDuration(text: string): { seconds: number; tail: string } | undefined {
  let rest = text;
  if (rest.startsWith('-')) {
    return undefined;
  }
  const clock = CLOCK.exec(rest);
  if (clock) {
    const parts = clock.slice(1, 4).filter((p) => p !== undefined).map(Number);
    return { seconds: parts.length === 3 ? parts[0] * 3600 + parts[1] * 60 + parts[2] : parts[0] * 60 + parts[1], tail: rest.slice(clock[0].length) };
  }
  let total = 0;
  let matched = false;
  let tail = rest;
  let lastUnit = 0;
  for (;;) {
    const amount = AMOUNT.exec(rest);
    if (!amount) {
      break;
    }
    const afterAmount = rest.slice(amount[0].length);
    const unit = UNIT_SECONDS.find(([pattern]) => pattern.test(afterAmount));
    if (!unit) {
      // `1h30`, `5m 30 (approx)`: a whole number below the next unit up, and no word after it.
      const implied = NEXT_UNIT_DOWN.get(lastUnit);
      const n = Number(amount[1]);
      if (implied !== undefined && Number.isInteger(n) && n < (implied === 3_600 ? 24 : 60) && amount[1].indexOf('.') === -1 && NOT_A_WORD.test(afterAmount)) {
        total += n * implied;
        tail = afterAmount;
      }
      break;
    }
    const unitText = unit[0].exec(afterAmount)?.[0] ?? '';
    total += Number(amount[1]) * unit[1];
    matched = true;
    lastUnit = unit[1];
    rest = afterAmount.slice(unitText.length);
    tail = rest;
    rest = rest.slice(SEPARATOR.exec(rest)?.[0].length ?? 0);
  }
  if (!matched) {
    // A bare zero (`0`, `0.0`, `0 (no outage)`) is nothing in any unit.
    const zero = BARE_ZERO.exec(text);
    return zero !== null && NOT_A_WORD.test(text.slice(zero[0].length)) ? { seconds: 0, tail: text.slice(zero[0].length) } : undefined;
  }
  return Number.isFinite(total) && total >= 0 ? { seconds: total, tail } : undefined;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * Formats seconds the way the writer records durations: `45s`, `1m 17s`, `1h 05m 00s`.
 * The result reads back with {@link parseDurationSeconds}. Negative or invalid input gives `0s`.
 */
export function formatDuration(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) {
    return `${h}h ${pad2(m)}m ${pad2(s)}s`;
  }
  if (m > 0) {
    return `${m}m ${pad2(s)}s`;
  }
  return `${s}s`;
}

/**
 * Formats a span that may run to days, for reading rather than for a record: under a day as
 * {@link formatDuration}; from a day on in days, hours and minutes (`6d 17h 15m`), since
 * `161h 14m 56s` has to be worked out and the seconds of a recovery time tell nobody anything.
 */
export function formatSpan(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds) : 0;
  if (total < 86_400) {
    return formatDuration(total);
  }
  const minutes = Math.round(total / 60);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  return `${d}d ${pad2(h)}h ${pad2(minutes % 60)}m`;
}

/**
 * Formats an instant as ISO 8601 at a UTC offset, to the second: `2026-11-21T23:43:12+01:00`
 * (`+00:00` for UTC). `offsetMinutes` is minutes east of UTC, the opposite sign of
 * `Date.prototype.getTimezoneOffset()`.
 */
export function formatTimestamp(date: Date, offsetMinutes: number): string {
  const offset = Number.isFinite(offsetMinutes) ? Math.round(offsetMinutes) : 0;
  const shifted = new Date(Math.floor(date.getTime() / 1000) * 1000 + offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${String(shifted.getUTCFullYear()).padStart(4, '0')}-${pad2(shifted.getUTCMonth() + 1)}-${pad2(shifted.getUTCDate())}` +
    `T${pad2(shifted.getUTCHours())}:${pad2(shifted.getUTCMinutes())}:${pad2(shifted.getUTCSeconds())}` +
    `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
  );
}

/**
 * A start time as lists show it: the wall clock to the minute, then the UTC offset when the
 * record wrote one — `2026-11-24T11:52:28Z` (kept as `2026-11-24T11:52:28+00:00`) reads
 * `2026-11-24 11:52 +00:00`, and `2026-11-26 14:28:19` reads `2026-11-26 14:28`. Takes the
 * analytics' `startIso` (`YYYY-MM-DDTHH:MM:SS`, plus `±HH:MM` when there was an offset), so
 * that records written in different formats are listed in one.
 */
export function formatWallMinute(iso: string): string {
  const offset = iso.slice(19);
  return `${iso.slice(0, 16).replace('T', ' ')}${offset ? ` ${offset}` : ''}`;
}
