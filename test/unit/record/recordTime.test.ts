import * as assert from 'assert';
import { formatDuration, formatSpan, formatTimestamp, formatWallMinute, parseDurationSeconds, parseRecordedTime, parseWholeDurationSeconds, secondsBetween } from '../../../src/core/record/recordTime';

describe('record timestamps', () => {
  it('reads the shell tasks\' local time without an offset as a wall clock', () => {
    const t = parseRecordedTime('2025-09-05 18:41:13')!;
    assert.deepStrictEqual(t.wall, { year: 2025, month: 9, day: 5, hour: 18, minute: 41, second: 13 });
    assert.strictEqual(t.offsetMinutes, undefined);
    assert.strictEqual(t.epochMs, Date.UTC(2025, 8, 5, 18, 41, 13));
    assert.strictEqual(t.raw, '2025-09-05 18:41:13');
  });

  it('ignores a trailing check mark and markdown emphasis', () => {
    assert.strictEqual(parseRecordedTime('2025-09-05 18:50:43 ✅')?.raw, '2025-09-05 18:50:43');
    assert.strictEqual(parseRecordedTime('**2025-09-05 18:50:43**')?.wall.minute, 50);
  });

  it('reads ISO 8601 with Z and with offsets, with and without a colon', () => {
    assert.strictEqual(parseRecordedTime('2026-11-21T23:43:12Z')?.offsetMinutes, 0);
    const plus = parseRecordedTime('2026-11-21T23:43:12+01:00')!;
    assert.strictEqual(plus.offsetMinutes, 60);
    assert.strictEqual(plus.epochMs, Date.UTC(2026, 10, 21, 22, 43, 12));
    assert.strictEqual(parseRecordedTime('2026-11-21T23:43:12+0200')?.offsetMinutes, 120);
    assert.strictEqual(parseRecordedTime('2026-11-21T23:43:12-05:30')?.offsetMinutes, -330);
  });

  it('accepts missing seconds, fractions and bare dates', () => {
    assert.strictEqual(parseRecordedTime('2026-11-21T23:43')?.wall.second, 0);
    assert.strictEqual(parseRecordedTime('2026-11-21T23:43:12.250Z')?.epochMs, Date.UTC(2026, 10, 21, 23, 43, 12, 250));
    assert.strictEqual(parseRecordedTime('2026-11-21')?.wall.hour, 0);
  });

  it('rejects placeholders and impossible dates', () => {
    for (const text of ['[AUTO-FILLED]', '[PENDING - awaiting SSH resolution]', '', '2025-02-30 10:00', '2025-13-01', '2025-01-01 25:00', 'yesterday']) {
      assert.strictEqual(parseRecordedTime(text), undefined, text);
    }
  });

  it('reads a plain `YYYY-MM-DD HH:MM:SS` (its quick path) exactly as the same time inside emphasis (the general path)', () => {
    const texts = ['2024-02-29 23:59:59', '2025-02-29 10:00:00', '2025-12-31T00:00:00', '0099-01-01 00:00:00', '2025-00-10 10:00:00', '2025-06-03 24:00:00', '2025-06-03 15:60:00', '2025-06-03 15:48:1x'];
    for (let day = 0; day < 400; day += 7) {
      const d = new Date(Date.UTC(2025, 0, 1) + day * 86_400_000 + day * 3_601_000);
      texts.push(d.toISOString().slice(0, 19).replace('T', day % 2 === 0 ? ' ' : 'T'));
    }
    for (const text of texts) {
      assert.deepStrictEqual(parseRecordedTime(text), parseRecordedTime(`**${text}**`), text);
    }
    assert.strictEqual(parseRecordedTime('2025-02-29 10:00:00'), undefined);
    assert.strictEqual(parseRecordedTime('2024-02-29 23:59:59')?.epochMs, Date.UTC(2024, 1, 29, 23, 59, 59));
  });

  it('reads a plain time with a zone (its quick path) exactly as the same time inside emphasis (the general path)', () => {
    const zones = ['Z', 'z', '+02:00', '-05:30', '+0200', '-0930', '+02', '-00:00', '+23:59', '+24:00', '+02:60', '+2', '+02:0', '+02:000', '+0a:00', '+02;00', 'x', ' Z', 'UTC', '+02:00Z', '+02:00 ', 'ZZ'];
    const times = ['2025-06-02T09:17:03', '2025-06-02 23:59:59', '2024-02-29T00:00:00', '2025-02-29T10:00:00', '2025-06-02T24:00:00'];
    for (const time of times) {
      for (const zone of zones) {
        const text = time + zone;
        assert.deepStrictEqual(parseRecordedTime(text), parseRecordedTime(`**${text}**`), text);
      }
    }
    assert.strictEqual(parseRecordedTime('2025-06-02T09:17:03+24:00'), undefined);
    assert.strictEqual(parseRecordedTime('2025-06-02T09:17:03-05:30')?.epochMs, Date.UTC(2025, 5, 2, 14, 47, 3));
  });

  it('reads an offset written after UTC or GMT, which was read as UTC or as a wall clock', () => {
    const cases: Array<[string, number]> = [
      ['2025-10-01 10:00 UTC+2', 120],
      ['2025-10-01 10:00 UTC+02:00', 120],
      ['2025-10-01 10:00 UTC-5', -300],
      ['2025-10-01 10:00 GMT+2', 120],
      ['2025-10-01 10:00 GMT+0530', 330],
      ['2025-10-01 10:00 UTC+5:30 (IST)', 330],
      ['2025-10-01T10:00:00 utc+2', 120],
      ['2025-10-01 10:00 UTC\u22123', -180],
      ['**2025-10-01 10:00 GMT+2**', 120],
      ['2025-10-01 10:00 UTC', 0],
      ['2025-10-01 10:00 GMT', 0],
      ['2025-10-01 10:00:00 gmt ✅', 0]
    ];
    for (const [text, offset] of cases) {
      const t = parseRecordedTime(text);
      assert.strictEqual(t?.offsetMinutes, offset, text);
      assert.strictEqual(t.epochMs, Date.UTC(2025, 9, 1, 10, 0, 0) - offset * 60_000, text);
      assert.deepStrictEqual(t.wall, { year: 2025, month: 10, day: 1, hour: 10, minute: 0, second: 0 }, text);
    }
    assert.strictEqual(parseRecordedTime('2025-10-01 10:00 UTC+2 (approx.)')?.raw, '2025-10-01 10:00 UTC+2');
  });

  it('rejects an offset that could be read more than one way, rather than guess or ignore it', () => {
    for (const text of [
      '2025-10-01 10:00 UTC+530', '2025-10-01 10:00 UTC+2:3', '2025-10-01 10:00 UTC+2.5', '2025-10-01 10:00 UTC +2',
      '2025-10-01 10:00 UTC+', '2025-10-01 10:00 UTC2', '2025-10-01 10:00 UTC+25', '2025-10-01 10:00 GMT+02:60',
      '2025-10-01 10:00+2', '2025-10-01 10:00 +2', '2025-10-01T10:00:00+2:30', '2025-10-01T10:00:00-5', '2025-10-01T10:00:00+02:0'
    ]) {
      assert.strictEqual(parseRecordedTime(text), undefined, text);
    }
    // Text after a time that is no offset is still ignored, as before.
    assert.strictEqual(parseRecordedTime('2025-09-05 18:41 - 18:50')?.raw, '2025-09-05 18:41');
    assert.strictEqual(parseRecordedTime('2025-09-05 18:41 to 18:50')?.raw, '2025-09-05 18:41');
    assert.strictEqual(parseRecordedTime('2025-10-01 10:00 CEST')?.offsetMinutes, undefined);
  });

  it('reads no offset from a range written after a time to the minute (`10:00-10:30`)', () => {
    // QA: `2025-10-01 10:00-10:30` was read as 10:00 at UTC-10:30.
    for (const text of ['2025-10-01 10:00-10:30', '**2025-10-01 10:00-10:30**', '2025-10-01 10:00-11:00 (maintenance window)', '2025-10-01 10:00 -10:30', '2025-10-01 10:00-04:00']) {
      assert.strictEqual(parseRecordedTime(text), undefined, text);
    }
    // An offset that is no range reads as before: after seconds, with a plus, without the colon.
    const offsets: Array<[string, number]> = [
      ['2025-10-01T10:00:00-04:00', -240],
      ['2025-10-01 10:00:00-10:30', -630],
      // ISO 8601's own form: with the `T`, what follows the time is an offset.
      ['2025-10-01T10:00-04:00', -240],
      ['2025-10-01T10:00-10:30', -630],
      ['2025-10-01T10:00+02:00', 120],
      ['2025-10-01T10:00-0400', -240],
      ['2025-10-01T10:00-04', -240],
      ['2025-10-01 10:00 UTC-4', -240],
      ['2025-10-01T10:00Z', 0]
    ];
    for (const [text, offset] of offsets) {
      assert.strictEqual(parseRecordedTime(text)?.offsetMinutes, offset, text);
    }
  });

  it('compares an offset-less time with an offset one by their wall clocks', () => {
    const a = parseRecordedTime('2025-09-05 18:50:43')!;
    const b = parseRecordedTime('2025-09-05T18:52:00+02:00')!;
    assert.strictEqual(secondsBetween(a, b), 77);
    assert.strictEqual(secondsBetween(parseRecordedTime('2025-09-05T18:00:00Z')!, b), -68 * 60);
  });

  it('formats timestamps in ISO 8601 at the given offset', () => {
    const instant = new Date(Date.UTC(2026, 10, 21, 22, 43, 12, 900));
    assert.strictEqual(formatTimestamp(instant, 60), '2026-11-21T23:43:12+01:00');
    assert.strictEqual(formatTimestamp(instant, 0), '2026-11-21T22:43:12+00:00');
    assert.strictEqual(formatTimestamp(instant, -330), '2026-11-21T17:13:12-05:30');
    assert.strictEqual(parseRecordedTime(formatTimestamp(instant, 60))?.epochMs, Date.UTC(2026, 10, 21, 22, 43, 12));
  });

  it('lists a start as its wall clock to the minute, then the offset only when one was written', () => {
    assert.strictEqual(formatWallMinute('2026-11-24T11:52:28+00:00'), '2026-11-24 11:52 +00:00');
    assert.strictEqual(formatWallMinute('2026-11-26T14:28:19'), '2026-11-26 14:28');
    assert.strictEqual(formatWallMinute('2025-06-02T09:17:03-05:30'), '2025-06-02 09:17 -05:30');
  });
});

describe('record durations', () => {
  it('reads every way the records write a duration', () => {
    const cases: Array<[string, number]> = [
      ['~2 minutes (until execution start)', 120],
      ['~37 minutes (active troubleshooting)', 2220],
      ['37+ minutes (ongoing)', 2220],
      ['1h 5m', 3900],
      ['1m 17s', 77],
      ['1h 05m 00s', 3900],
      ['00:37:12', 2232],
      ['12:05', 725],
      ['135.4s', 135.4],
      ['90 seconds', 90],
      ['2 hours', 7200],
      ['~5 minutes', 300],
      ['1 hour and 5 minutes', 3900],
      ['3 mins', 180],
      ['45s', 45]
    ];
    for (const [text, seconds] of cases) {
      assert.strictEqual(parseDurationSeconds(text), seconds, text);
    }
  });

  it('gives nothing for negative, non-numeric or unit-less values', () => {
    for (const text of ['-5 minutes', 'NaN', '[PENDING]', '[AUTO-FILLED]', '', '42', '5 months', '**[ONGOING]**', 'none', '0-5 minutes', '0/5', '0 of 5']) {
      assert.strictEqual(parseDurationSeconds(text), undefined, text);
    }
  });

  it('reads a bare zero as nothing, whatever the unit', () => {
    for (const text of ['0', '00', '0.0', '0 (no outage)', '0 ✅', '**0**', '`0`', '~0']) {
      assert.strictEqual(parseDurationSeconds(text), 0, text);
    }
  });

  it('reads a last number without a unit in the next unit down: `1h30` is 1h 30m', () => {
    const cases: Array<[string, number]> = [
      ['1h30', 5400],
      ['1h 30', 5400],
      ['1 hour 30', 5400],
      ['5m30', 330],
      ['10 min 30 (approx.)', 630],
      ['1d 12', 129_600],
      ['2m (rollback included)', 120],
      // Not a unit-less part of the duration: read as before.
      ['1h 90', 3600],
      ['1h 30.5', 3600],
      ['1h, 2 retries', 3600],
      ['45s 2', 45]
    ];
    for (const [text, seconds] of cases) {
      assert.strictEqual(parseDurationSeconds(text), seconds, text);
    }
  });

  it('reads a whole duration, as a command-line threshold, only when nothing else is written', () => {
    const cases: Array<[string, number | undefined]> = [
      ['5m', 300],
      [' 1h 30m ', 5400],
      ['1h30', 5400],
      ['00:05:00', 300],
      ['90s', 90],
      ['0', 0],
      ['5m garbage', undefined],
      ['1h 30 (approx.)', undefined],
      ['about 5m', undefined],
      ['5m and', undefined],
      ['soon', undefined],
      ['', undefined]
    ];
    for (const [text, seconds] of cases) {
      assert.strictEqual(parseWholeDurationSeconds(text), seconds, text);
    }
  });

  it('formats durations compactly and reads them back', () => {
    assert.strictEqual(formatDuration(45), '45s');
    assert.strictEqual(formatDuration(77), '1m 17s');
    assert.strictEqual(formatDuration(3600), '1h 00m 00s');
    assert.strictEqual(formatDuration(3900), '1h 05m 00s');
    assert.strictEqual(formatDuration(-3), '0s');
    for (const seconds of [0, 1, 59, 60, 61, 3599, 3600, 3661, 86_399, 90_061, 360_000]) {
      assert.strictEqual(parseDurationSeconds(formatDuration(seconds)), seconds, String(seconds));
    }
  });

  it('writes spans of a day or more in days, hours and minutes for reading, and shorter ones as durations', () => {
    assert.strictEqual(formatSpan(86_399), '23h 59m 59s');
    assert.strictEqual(formatSpan(86_400), '1d 00h 00m');
    assert.strictEqual(formatSpan(580_496), '6d 17h 15m'); // 161h 14m 56s, to the minute
    assert.strictEqual(formatSpan(95_122), '1d 02h 25m');
    assert.strictEqual(formatSpan(172_799), '2d 00h 00m'); // rounds up into the next day, not 1d 23h 60m
    assert.strictEqual(formatSpan(Number.NaN), '0s');
  });
});
