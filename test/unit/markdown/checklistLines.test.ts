import * as assert from 'node:assert/strict';
import { classifyChecklistLines, createChecklistClassifier, splitLines } from '../../../src/core/markdown/checklistLines';
import { countStatuses, formatProgress } from '../../../src/core/markdown/progressSummary';

describe('checklist line classification', () => {
  it('finds each step line with its status and where its marker starts', () => {
    const lines = splitLines('# Run\r\n\r\n- [x] a\r\n  - ❌ b\r\n- plain bullet\r\n* [ ] c');
    assert.deepEqual(classifyChecklistLines(lines), [
      { line: 2, status: 'done', markerStart: 2 },
      { line: 3, status: 'failed', markerStart: 4 },
      { line: 5, status: 'pending', markerStart: 2 }
    ]);
  });

  it('skips fenced code, including ~~~ fences and longer closing fences', () => {
    const lines = ['```bash', '- [x] no', '````', '- [ ] yes', '~~~', '- [x] no', '~~~', '- ✅ yes'];
    assert.deepEqual(classifyChecklistLines(lines).map((i) => i.line), [3, 7]);
  });

  it('skips the metadata and metrics fields but resumes at the next section', () => {
    const lines = ['## Deployment Metadata', '- **Start Time**: 2025-09-05 18:41:13 ✅', '### Sub', '- [x] still metadata',
      '## Deployment Metrics (Auto-captured)', '- **Planning Start**: 2025-09-05 18:50:43 ✅', '## Steps', '- [x] step'];
    assert.deepEqual(classifyChecklistLines(lines).map((i) => i.line), [7]);
  });
});

describe('incremental checklist classification', () => {
  it('gives exactly what a fresh classification gives after edits, insertions, deletions and new fences', () => {
    const classify = createChecklistClassifier();
    const versions = [
      ['## Steps', '- [ ] a', '- [x] b', '- ❌ c'],
      ['## Steps', '- [ ] a', '- [x] b', '- ❌ c', '- 🔄 d'],
      ['## Steps', '- new', '- [ ] a', '- [x] b', '- ❌ c', '- 🔄 d'],
      ['## Steps', '```', '- [ ] a', '- [x] b', '```', '- 🔄 d'],
      ['## Deployment Metadata', '- [ ] a', '## Steps', '- [x] b'],
      ['- [x] b'],
      []
    ];
    for (const lines of versions) {
      assert.deepEqual(classify(lines), classifyChecklistLines(lines), lines.join(' | '));
    }
  });
});

describe('progress summary', () => {
  it('reads like "14/20 done · 1 failed · 2 skipped"', () => {
    const statuses = [...Array(14).fill('done'), 'failed', 'skipped', 'skipped', 'pending', 'pending', 'pending'];
    assert.equal(formatProgress(countStatuses(statuses)), '14/20 done · 1 failed · 2 skipped');
  });

  it('says 0/0 done for a record without steps', () => {
    assert.equal(formatProgress(countStatuses([])), '0/0 done');
  });
});
