import * as assert from 'assert';
import * as v8 from 'v8';
import * as vm from 'vm';
import { SpanMemo } from '../../../src/core/analytics/spanMemo';

describe('the span memo', () => {
  it('finds a value by the span it was stored under, in any text, and not by a different span', () => {
    const memo = new SpanMemo<string>();
    const first = '## Deployment Metadata\n- **Operator**: Ben Okafor\n';
    assert.strictEqual(memo.get(first, 3, 13), undefined);
    memo.set(first, 3, 13, 'found');
    const second = 'x\n- **Operator**: Ben Okafor\n## Deployment Metadata\n';
    const at = second.indexOf('Deployment');
    assert.strictEqual(memo.get(second, at, at + 10), 'found');
    assert.strictEqual(memo.get(second, at, at + 9), undefined);
    assert.strictEqual(memo.get('## Deployment Metadatx', 3, 13), 'found');
    assert.strictEqual(memo.get('## Deploymenx Metadata', 3, 13), undefined);
  });

  it('keeps no text alive but the spans it stores, however long the texts they came from', () => {
    // A slice of a long string is a view of it in V8: a memo keeping slices of 2,000 files of
    // 50 KB would keep 100 MB of file text alive.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    const memo = new SpanMemo<number>(4000);
    for (let i = 0; i < 2000; i++) {
      const text = `${'x'.repeat(50_000)}## A heading seen once, number ${i}\n`;
      const start = 50_000;
      const end = text.length - 1;
      assert.strictEqual(memo.get(text, start, end), undefined);
      memo.set(text, start, end, i);
    }
    gc();
    const grownMb = (process.memoryUsage().heapUsed - before) / 1e6;
    assert.ok(grownMb < 20, `the memo kept ${grownMb.toFixed(0)} MB alive`);
    assert.strictEqual(memo.get('## A heading seen once, number 7', 0, 32), 7);
  });
});
