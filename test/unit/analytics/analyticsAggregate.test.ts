import * as assert from 'assert';
import { computeAnalytics } from '../../../src/core/analytics/computeAnalytics';
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
