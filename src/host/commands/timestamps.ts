import { formatTimestamp } from '../../core/record/recordTime';

/** Now, as a record writes it: ISO 8601 in the operator's local time with its UTC offset. */
export function nowTimestamp(now: Date = new Date()): string {
  return formatTimestamp(now, -now.getTimezoneOffset());
}

/** The local wall clock, which names the record file and its ID. */
export function localWall(now: Date = new Date()) {
  return {
    year: now.getFullYear(),
    month: now.getMonth() + 1,
    day: now.getDate(),
    hour: now.getHours(),
    minute: now.getMinutes(),
    second: now.getSeconds()
  };
}
