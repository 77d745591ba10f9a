import type { ParsedRecord, RecordField } from '../record/recordTypes';
import { normaliseKey } from '../record/recordParser';
import { daysInMonth } from '../record/recordTime';

/**
 * Why a file with no start time is not a record, as the skipped list says it (the CLI's
 * warnings, `metrics --json` and the panel's list of files not read as records). A record
 * takes its start from `Start Time`, else `Date`, else the deployment ID, else the file name;
 * when one of them was written but is not a real date (`2025-02-29`), that is the reason, not
 * that there was no start time at all.
 *
 * Reads the record's `fields`, so it needs the full reading (`parseRecord`): the lean one
 * keeps no `Start Time` or `Date` field, and gets the general reason.
 */
export function noStartTimeReason(rec: Pick<ParsedRecord, 'fields' | 'id' | 'fileName'>): string {
  for (const [key, name] of WRITTEN_STARTS) {
    const field = firstField(rec.fields, key);
    if (field !== undefined && !field.placeholder) {
      return `${name} "${shown(field.value)}" ${whatIsWrong(field.value)}`;
    }
  }
  // No start field was written: the deployment ID (only a written one can be on a record
  // without a start) and the file name hold the start minute as a stamp.
  const id = rec.id?.trim();
  const idStamp = id !== undefined && /^DEP-/i.test(id) ? STAMP.exec(id.slice(4)) : null;
  if (idStamp) {
    return `start time "${stampAsTime(idStamp)}" in its deployment ID ${whatIsWrong(stampAsTime(idStamp))}`;
  }
  const base = rec.fileName?.split(/[\\/]/).pop();
  const nameStamp = base === undefined ? null : STAMP.exec(base);
  if (nameStamp) {
    return `start time "${stampAsTime(nameStamp)}" in its file name ${whatIsWrong(stampAsTime(nameStamp))}`;
  }
  return 'no start time in its metadata, deployment ID or file name';
}

/** The fields a start is read from, in the parser's order, by normalised key and as named in a reason. */
const WRITTEN_STARTS: ReadonlyArray<readonly [key: string, name: string]> = [
  ['start time', 'start time'],
  ['date', 'date']
];

/** The field the parser reads for `key`: the first one written, even if it is a placeholder. */
function firstField(fields: readonly RecordField[], key: string): RecordField | undefined {
  return fields.find((f) => normaliseKey(f.key) === key);
}

/** A deployment ID's or file name's start minute, `YYYY-MM-DD-HH-MM`, as in recordFiles. */
const STAMP = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})-(\d{2})(?![\d])/;

function stampAsTime(m: RegExpExecArray): string {
  return `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}`;
}

/** The date and time of day a value starts with, as the parser reads them (emphasis around it allowed). */
const DATE_TIME = /^[\s*_`~]*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/;

/** How a value that gave no start time fails to be one. */
function whatIsWrong(value: string): string {
  const m = DATE_TIME.exec(value);
  if (!m) {
    return 'is not a readable time';
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return 'is not a real date';
  }
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || (m[6] !== undefined && Number(m[6]) > 59))) {
    return 'is not a real time of day';
  }
  return 'is not a readable time';
}

/** A value as quoted in a reason: a runaway one is cut short. */
function shown(value: string): string {
  return value.length > 60 ? `${value.slice(0, 60)}…` : value;
}
