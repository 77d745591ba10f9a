import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { classifyChecklistLines, splitLines } from '../../../src/core/markdown/checklistLines';
import { countStatuses, formatProgress } from '../../../src/core/markdown/progressSummary';
import { deploymentStatusPlugin } from '../../../src/core/markdown/statusPlugin';
import { parseRecord } from '../../../src/core/record/recordParser';
import type { ItemStatus } from '../../../src/core/record/recordTypes';
import { renderNewRecord } from '../../../src/core/record/recordWriter';
import { generateRecords } from '../../fixtures/generateRecords';
import { BUNDLED_TEMPLATE } from '../record/fixtures';

const realWorld = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'real-world', 'deployments');

/** What a reader shows of a record: each step as `<line number> <status>`, and the progress summary. */
interface StepView {
  readonly steps: string[];
  readonly summary: string;
}

function viewOf(items: readonly { line: number; status: ItemStatus }[]): StepView {
  return { steps: items.map((i) => `${i.line + 1} ${i.status}`), summary: formatProgress(countStatuses(items.map((i) => i.status))) };
}

/** The editor: the lines the decorations colour, and the CodeLens summary. */
function editorView(text: string): StepView {
  return viewOf(classifyChecklistLines(splitLines(text)));
}

/** The analytics (and the status bar, the tree and the CLI): the parser's steps. */
function analyticsView(text: string): StepView {
  return viewOf(parseRecord(text).checklist);
}

/**
 * The markdown preview, as VS Code renders it (`html` on): the list items that get a status
 * class, and the summary bar's text.
 */
function previewView(text: string): StepView {
  const md = new MarkdownIt({ html: true }).use(deploymentStatusPlugin, { allMarkdown: () => true });
  const tokens = md.parse(text, {});
  const items = tokens.flatMap((t) => {
    const status = t.type === 'list_item_open' ? t.attrGet('data-dr-status') : null;
    return status && t.map ? [{ line: t.map[0], status: status as ItemStatus }] : [];
  });
  const progress = tokens.find((t) => t.type === 'deployment_record_progress');
  return { steps: viewOf(items).steps, summary: progress?.content ?? formatProgress(countStatuses([])) };
}

/** Asserts that editor, preview and analytics all show `expected`. */
function assertAllShow(text: string, expected: StepView): void {
  assert.deepEqual(analyticsView(text), expected, 'the analytics');
  assert.deepEqual(editorView(text), expected, 'the editor');
  assert.deepEqual(previewView(text), expected, 'the preview');
}

describe('editor, preview and analytics count the same checklist steps', () => {
  it('leaves a ✅ or ❌ in an issue\'s fields uncoloured, as the analytics do not count it as a step', () => {
    const record = [
      '## Deployment Metadata',
      '- **Start Time**: 2026-03-02 10:00:00',
      '',
      '## Take-Off 🛫',
      '- [x] **Deploy**: `mise run deploy`',
      '- [ ] **Smoke tests**',
      '',
      '## 🚨 Issues & Resolutions Log',
      '### Issue #1: SSH agent lost its keys',
      '- **Phase**: Execution',
      '- **Resolution**: restarted the agent ✅',
      '  - ❌ the first restart did not help',
      '',
      '## Post-Flight Verification',
      '- [ ] **SSH access**'
    ].join('\n');
    assertAllShow(record, { steps: ['5 done', '6 pending', '15 pending'], summary: '1/3 done' });
  });

  it('leaves the fields of any metadata or metrics section uncoloured, up to a horizontal rule', () => {
    const record = [
      '## Deployment Metadata',
      '- **Start Time**: 2026-03-02 10:00:00',
      '',
      '## 📊 Post-deploy Metrics',
      '- **p99 latency**: 180 ms ✅',
      '- **Error rate**: 0.2 % ❌',
      '',
      '---',
      '- [x] **Announce the release**'
    ].join('\n');
    assertAllShow(record, { steps: ['9 done'], summary: '1/1 done' });
  });

  it('colours the steps of a section whose title only mentions metrics or metadata, and not the fields of one titled so', () => {
    const record = [
      '## 📋 Deployment Metadata', //                     1
      '- **Start Time**: 2026-03-02 10:00:00 ✅', //      2
      '## Post-Flight: check metrics dashboards', //      3
      '- [❌] Grafana error-rate panel is green', //      4
      '## Verify instance metadata service', //           5
      '- [x] IMDSv2 answers on 169.254.169.254', //       6
      '## Deployment Metrics (Auto-captured)', //         7
      '- **Planning Start**: 2026-03-02 10:01:00 ✅', //  8
      '## 📊 Deployment Metrics', //                      9
      '- **Downtime**: 0s ✅', //                         10
      '# Process Metrics 📊 #', //                        11
      '- **Unplanned Work**: 10% ❌', //                  12
      '## Verify deployment metrics in Grafana', //       13
      '- ⏭️ p99 latency under 200 ms' //                  14
    ].join('\n');
    assertAllShow(record, { steps: ['4 failed', '6 done', '14 skipped'], summary: '1/3 done · 1 failed · 1 skipped' });
  });

  it('leaves the Lessons Learned section uncoloured, ### sub-headings included, whatever its items\' markers', () => {
    const record = [
      '## Deployment Metadata',
      '- **Start Time**: 2026-03-02 10:00:00',
      '',
      '## Take-Off 🛫',
      '- [x] **Deploy**',
      '',
      '## 📚 Lessons Learned & Improvements',
      '### What Went Well ✅',
      '- ✅ the canary caught the bad config',
      '',
      '### Action Items for Next Deployment 📋',
      '- [ ] **HIGH** Set up SSH key authentication',
      '- ❌ **MEDIUM** Retry the failed backup job',
      '',
      '## Mission Complete 🎯',
      '- [ ] **Record committed**'
    ].join('\n');
    assertAllShow(record, { steps: ['5 done', '16 pending'], summary: '1/2 done' });
  });

  it('counts the 13 steps of a record started from the template, and 13/13 once they are all ticked', () => {
    const text = renderNewRecord(fs.readFileSync(BUNDLED_TEMPLATE, 'utf8'), {
      deploymentId: 'DEP-2026-03-02-10-00',
      startTime: '2026-03-02T10:00:00+01:00',
      operator: 'ops-alice',
      environment: 'staging',
      workingTree: 'clean',
      workingDirectory: '.'
    });
    const fresh = analyticsView(text);
    assert.equal(fresh.summary, '0/13 done');
    assert.deepEqual(editorView(text), fresh);
    assert.deepEqual(previewView(text), fresh);
    // Every step ticked; the action item for the next deployment is still open.
    const ticked = text.replace(/^- \[ \] \*\*(?!\[Priority\])/gm, '- [x] **');
    const done = analyticsView(ticked);
    assert.equal(done.summary, '13/13 done');
    assert.deepEqual(editorView(ticked), done);
    assert.deepEqual(previewView(ticked), done);
  });

  describe('the real-world records', () => {
    /** Each record's progress, as the CodeLens and the preview summary read it. */
    const EXPECTED: Record<string, string> = {
      'checklists/2025-08-31-03-33-deployment.md': '6/18 done',
      'checklists/2025-09-05-18-38-deployment.md': '0/18 done',
      'checklists/2025-09-05-18-39-deployment.md': '0/18 done',
      'checklists/2025-09-05-18-41-deployment.md': '0/18 done',
      'checklists/2025-09-05-18-43-deployment.md': '0/18 done',
      'checklists/2025-09-05-18-44-deployment.md': '0/18 done',
      // Not its five action items for the next deployment (`- [ ] **HIGH** Set up SSH key…`).
      'checklists/2025-09-05-18-46-deployment.md': '6/21 done · 1 blocked',
      'checklists/2025-09-05-18-46-deployment.md.bak': '0/18 done',
      // Not its three action-item placeholders (`- [ ] **[Priority]** …`).
      'deployment-checklist.md': '0/21 done',
      'deployment-process.md': '1/4 done · 1 failed · 1 in progress · 1 skipped'
    };

    for (const [name, summary] of Object.entries(EXPECTED)) {
      it(`${name}: ${summary} in the editor, the preview and the analytics, on the same lines`, () => {
        const text = fs.readFileSync(path.join(realWorld, name), 'utf8');
        const analytics = analyticsView(text);
        assert.equal(analytics.summary, summary);
        assert.deepEqual(editorView(text), analytics);
        assert.deepEqual(previewView(text), analytics);
      });
    }
  });

  it('colours only lines the preview renders as list items, on 300 generated records', () => {
    const md = new MarkdownIt({ html: true });
    for (const { fileName, text } of generateRecords({ count: 300, seed: 17, spanDays: 90 })) {
      const listItems = new Set(md.parse(text, {}).flatMap((t) => (t.type === 'list_item_open' && t.map ? [t.map[0]] : [])));
      const stray = classifyChecklistLines(splitLines(text)).filter((item) => !listItems.has(item.line));
      assert.deepEqual(stray, [], fileName);
      assert.deepEqual(editorView(text), analyticsView(text), fileName);
    }
  });
});
