import * as assert from 'assert';
import { computeAnalytics, forgetRememberedFigures } from '../../../src/core/analytics/computeAnalytics';
import { medianBySelection, medianOfSorted } from '../../../src/core/analytics/stats';
import { parseRecordForAnalytics } from '../../../src/core/record/recordParser';
import type { ParsedRecord } from '../../../src/core/record/recordTypes';
import { generateRecords, seededRandom } from '../../fixtures/generateRecords';

const NOW = Date.UTC(2026, 0, 1);

function parseAll(): ParsedRecord[] {
  return generateRecords({ count: 400, seed: 7 }).map((r) => parseRecordForAnalytics(r.text, r.fileName));
}

function shuffled<T>(list: readonly T[], seed: number): T[] {
  const rand = seededRandom(seed);
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('analytics aggregate', () => {
  it('shows the same figures whatever order the files are listed in', () => {
    const records = parseAll();
    const inFileOrder = computeAnalytics({ records }, { now: NOW });
    assert.deepStrictEqual(computeAnalytics({ records: shuffled(records, 3) }, { now: NOW }), inFileOrder);
    assert.deepStrictEqual(computeAnalytics({ records: [...records].reverse() }, { now: NOW }), inFileOrder);
    assert.ok(inFileOrder.trends.points.length > 1, 'the sample spans several weeks');
  });

  it('shows after one record changes the figures a fresh reading of every file shows', () => {
    const generated = generateRecords({ count: 400, seed: 11 });
    const records = generated.map((r) => parseRecordForAnalytics(r.text, r.fileName));
    computeAnalytics({ records }, { now: NOW });
    const at = 123;
    const changedText = generated[at].text.replace(/\*\*Operator\*\*: .*/, '**Operator**: Someone New');
    assert.notStrictEqual(changedText, generated[at].text);
    const afterChange = [...records];
    afterChange[at] = parseRecordForAnalytics(changedText, generated[at].fileName);
    const fresh = generated.map((r, i) => parseRecordForAnalytics(i === at ? changedText : r.text, r.fileName));
    const cached = computeAnalytics({ records: afterChange }, { now: NOW });
    assert.deepStrictEqual(cached, computeAnalytics({ records: fresh }, { now: NOW }));
    assert.ok(cached.operators.some((o) => o.name === 'Someone New'));
  });

  it('shows new figures, not remembered ones, after a save changes a duration, a start or nothing that counts', () => {
    const generated = generateRecords({ count: 300, seed: 13 });
    const texts = generated.map((r) => r.text);
    const analyse = () => computeAnalytics({ records: texts.map((text, i) => parseRecordForAnalytics(text, generated[i].fileName)) }, { now: NOW });
    const fromScratch = () => {
      forgetRememberedFigures();
      return analyse();
    };
    const original = analyse();
    const at = 150;
    const file = generated[at].fileName;
    const start = /\*\*Start Time\*\*: (.*)/.exec(texts[at])![1].trim();

    // A note: the same durations, order and trends, read again.
    texts[at] += '\n- Note: re-checked the health endpoint.\n';
    assert.deepStrictEqual(analyse(), original);

    // End Time ten hours after the start, written the same way: the longest deployment.
    const tenHoursLater = new Date(Date.parse(`${start.slice(0, 10)}T${start.slice(11, 19)}Z`) + 36_000_000).toISOString();
    const end = `${tenHoursLater.slice(0, 10)}${start[10]}${tenHoursLater.slice(11, 19)}${start.slice(19)}`;
    texts[at] = texts[at].replace(/\*\*End Time\*\*: .*/, `**End Time**: ${end}`);
    const longer = analyse();
    assert.strictEqual(longer.durations.total?.max, 36_000);
    assert.strictEqual(longer.slowest[0].file, file);
    assert.deepStrictEqual(longer, fromScratch());

    // Started years later: the newest deployment, so the order changes.
    texts[at] = texts[at].replace(/\*\*Start Time\*\*: \d{4}/, '**Start Time**: 2031');
    const moved = analyse();
    assert.strictEqual(moved.recent[0].file, file);
    assert.deepStrictEqual(moved, fromScratch());

    // And back as it was: the first figures again.
    texts[at] = generated[at].text;
    assert.deepStrictEqual(analyse(), original);
  });

  it('finds the same rolling median as sorting, for odd, even and repetitive samples', () => {
    const rand = seededRandom(5);
    for (const size of [1, 2, 3, 4, 7, 10, 101, 1000]) {
      for (const spread of [3, 1000]) {
        const values = Float64Array.from({ length: size }, () => Math.round(rand() * spread * 100) / 100);
        const expected = medianOfSorted(Float64Array.from(values).sort());
        assert.strictEqual(medianBySelection(Float64Array.from(values)), expected, `size ${size}, spread ${spread}`);
      }
    }
  });
});
