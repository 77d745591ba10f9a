import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseRecord } from '../../../src/core/record/recordParser';
import { computeAnalytics } from '../../../src/core/analytics/computeAnalytics';
import { RecordFolderScanner } from '../../../src/core/analytics/recordFolderScanner';
import { readRecordRow } from '../../../src/core/analytics/analyticsRowReader';
import { noStartTimeReason } from '../../../src/core/analytics/startTimeReason';

/** A record of 29 February 2025, a day that does not exist, in its start time, its ID and its file name. */
const LEAP_DAY_FILE = '2025-02-29-10-00-deployment.md';
const LEAP_DAY_RECORD = [
  '## Deployment Metadata',
  '- **Deployment ID**: DEP-2025-02-29-10-00',
  '- **Start Time**: 2025-02-29T10:00:00+01:00',
  '- **Operator**: alice',
  '- **Environment**: production',
  ''
].join('\n');
const LEAP_DAY_REASON = 'start time "2025-02-29T10:00:00+01:00" is not a real date';

function reason(text: string, fileName = 'notes.md'): string {
  const parsed = parseRecord(text, fileName);
  assert.strictEqual(parsed.startTime, undefined, 'the record has no start time');
  return noStartTimeReason(parsed);
}

describe('why a file without a start time is not a record', () => {
  it('says that a start time is not a real date, rather than that there is none', () => {
    assert.strictEqual(reason(LEAP_DAY_RECORD, LEAP_DAY_FILE), LEAP_DAY_REASON);
    assert.strictEqual(reason('## Deployment Metadata\n- **Start Time**: **2025-04-31 09:00**\n'), 'start time "**2025-04-31 09:00**" is not a real date');
    assert.strictEqual(reason('## Deployment Metadata\n- **Start Time**: 2025-13-01 09:00:00\n'), 'start time "2025-13-01 09:00:00" is not a real date');
    assert.strictEqual(reason('## Deployment Metadata\n- **Start Time**: 2025-09-05 24:30:00\n'), 'start time "2025-09-05 24:30:00" is not a real time of day');
    assert.strictEqual(reason('## Deployment Metadata\n- **Start Time**: yesterday\n'), 'start time "yesterday" is not a readable time');
    // 2024 was a leap year, 1900 was not.
    assert.strictEqual(reason('## Deployment Metadata\n- **Start Time**: 1900-02-29\n'), 'start time "1900-02-29" is not a real date');
  });

  it('names the source the start would have come from: Start Time, then Date, then the deployment ID, then the file name', () => {
    assert.strictEqual(reason('## Deployment Metadata\n- **Start Time**: [AUTO-FILLED]\n- **Date**: 2025-02-30\n'), 'date "2025-02-30" is not a real date');
    assert.strictEqual(reason('## Deployment Metadata\n- **Deployment ID**: DEP-2025-02-29-10-00\n'), 'start time "2025-02-29 10:00" in its deployment ID is not a real date');
    assert.strictEqual(reason('# A template copy\n- [ ] **Deploy**\n', '2025-06-31-10-00-deployment.md'), 'start time "2025-06-31 10:00" in its file name is not a real date');
    assert.strictEqual(reason('# A template copy\n', 'archive/2025-06-30-25-00-deployment.md'), 'start time "2025-06-30 25:00" in its file name is not a real time of day');
    assert.strictEqual(reason('# Just notes\n'), 'no start time in its metadata, deployment ID or file name');
  });

  it('cuts a runaway value short', () => {
    const text = reason(`## Deployment Metadata\n- **Start Time**: ${'x'.repeat(10_000)}\n`);
    assert.ok(text.length < 100, text);
    assert.match(text, /^start time "x{60}…" is not a readable time$/);
  });

  it('gives that reason in the skipped list of parsed records, of the editor scan and of the CLI and panel scan', async () => {
    const analytics = computeAnalytics({ records: [parseRecord(LEAP_DAY_RECORD, LEAP_DAY_FILE)] }, { now: Date.UTC(2025, 9, 1) });
    assert.deepStrictEqual(analytics.skipped, [{ file: LEAP_DAY_FILE, reason: LEAP_DAY_REASON }]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-leap-day-'));
    try {
      fs.mkdirSync(path.join(dir, 'archive'));
      fs.writeFileSync(path.join(dir, LEAP_DAY_FILE), LEAP_DAY_RECORD);
      fs.writeFileSync(path.join(dir, 'archive', LEAP_DAY_FILE), LEAP_DAY_RECORD);
      fs.writeFileSync(path.join(dir, 'README.md'), '# Just notes\n');
      const expected = [
        { file: 'README.md', reason: 'no start time in its metadata, deployment ID or file name' },
        { file: `archive/${LEAP_DAY_FILE}`, reason: LEAP_DAY_REASON },
        { file: LEAP_DAY_FILE, reason: LEAP_DAY_REASON }
      ];
      const bySort = (list: readonly { file: string; reason: string }[]) => [...list].sort((a, b) => a.file.localeCompare(b.file));
      assert.deepStrictEqual(bySort((await new RecordFolderScanner(dir).scan()).skipped), bySort(expected));
      assert.deepStrictEqual(bySort((await new RecordFolderScanner(dir, { blocking: true, read: readRecordRow }).scan()).skipped), bySort(expected));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
