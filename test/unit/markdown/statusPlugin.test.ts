import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { deploymentStatusPlugin, type StatusPluginOptions } from '../../../src/core/markdown/statusPlugin';

const repoRoot = path.join(__dirname, '..', '..', '..', '..');
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'real-world', 'deployments');

function render(markdown: string, env: object = {}, options: StatusPluginOptions = {}, html = false): string {
  const md = new MarkdownIt({ html });
  md.use(deploymentStatusPlugin, options);
  return md.render(markdown, env);
}

function statusesIn(html: string): string[] {
  return [...html.matchAll(/<li class="dr-status-([a-z-]+)" data-dr-status="(\w+)"/g)].map((m) => m[1]);
}

const RECORD = [
  '## Deployment Metadata',
  '',
  '- **Deployment ID**: DEP-2026-11-21-23-43',
  '- **Start Time**: 2026-11-21 23:43:12 ✅',
  '',
  '## Steps',
  '',
  '- [x] **Plan reviewed**',
  '- ✅ **Backups verified**',
  '- [ ] **Deploy**',
  '- [] **Monitor**',
  '- ❌ **Smoke tests**',
  '- [🔄] **Rollout**',
  '- 🚧 **Migrate**',
  '- ⏭️ **Optional step**',
  '- [⚠️] **Blocked step**',
  '1. [x] **Numbered step**',
  ''
].join('\n');

describe('markdown preview status plugin', () => {
  it('gives every checklist item of a record a class for its status', () => {
    const html = render(RECORD);
    assert.deepEqual(statusesIn(html), [
      'done', 'done', 'pending', 'pending', 'failed', 'in-progress', 'in-progress', 'skipped', 'blocked', 'done'
    ]);
  });

  it('does not count the metadata fields as steps, even with a trailing ✅', () => {
    const html = render(RECORD);
    assert.match(html, /<li>\s*<strong>Start Time<\/strong>/);
  });

  it('shows a progress summary at the top of a record', () => {
    const html = render(RECORD);
    assert.ok(html.startsWith('<div class="dr-progress" data-dr-total="10" data-dr-done="3">'), html.slice(0, 200));
    assert.match(html, /<span class="dr-progress-text">3\/10 done · 1 failed · 2 in progress · 1 blocked · 1 skipped<\/span>/);
  });

  it('leaves markdown that is not a record untouched', () => {
    const plain = '# Notes\n\n- [x] bought milk\n- ❌ forgot eggs\n';
    assert.equal(render(plain), new MarkdownIt().render(plain));
  });

  it('treats any markdown in the checklists folder as a record, from the preview document path', () => {
    const plain = '# Notes\n\n- [x] one\n- [ ] two\n';
    const html = render(plain, { currentDocument: { path: '/repo/deployments/checklists/2026-01-01-10-00-deployment.md' } });
    assert.deepEqual(statusesIn(html), ['done', 'pending']);
    assert.match(html, /1\/2 done/);
  });

  it('honours a custom checklists folder and the all-markdown setting', () => {
    const plain = '- [x] one\n';
    assert.deepEqual(statusesIn(render(plain, { currentDocument: 'ops/runs/a.md' }, { checklistsFolder: () => 'ops/runs' })), ['done']);
    assert.deepEqual(statusesIn(render(plain, {}, { allMarkdown: () => true })), ['done']);
    assert.deepEqual(statusesIn(render(plain, { currentDocument: 'ops/other/a.md' }, { checklistsFolder: () => 'ops/runs' })), []);
  });

  it('asks its settings about the document being rendered, so that each folder of a window keeps its own', () => {
    const plain = '# Runbook\n\n- [x] Step\n';
    const first = { path: '/work/first/ops/runs/a.md' };
    const second = { path: '/work/second/records/a.md' };
    const folderOf = (document: unknown) => (document === second ? 'records' : 'ops/runs');
    assert.deepEqual(statusesIn(render(plain, { currentDocument: first }, { checklistsFolder: folderOf })), ['done']);
    assert.deepEqual(statusesIn(render(plain, { currentDocument: second }, { checklistsFolder: folderOf })), ['done']);
    assert.deepEqual(statusesIn(render(plain, { currentDocument: second }, { checklistsFolder: () => 'ops/runs' })), []);
    assert.deepEqual(statusesIn(render(plain, { currentDocument: second }, { allMarkdown: (document) => document === second })), ['done']);
    assert.deepEqual(statusesIn(render(plain, { currentDocument: first }, { allMarkdown: (document) => document === second })), []);
  });

  it('ignores list items inside fenced code', () => {
    const html = render('## Deployment Metadata\n\n## Steps\n\n```\n- [x] not a step\n```\n\n- [ ] a step\n');
    assert.deepEqual(statusesIn(html), ['pending']);
    assert.match(html, /0\/1 done/);
  });

  it('renders record text as text, never as markup, when html is off', () => {
    const html = render('## Deployment Metadata\n\n## Steps\n\n- ❌ <img src=x onerror=alert(1)>\n');
    assert.ok(!html.includes('<img'), html);
    assert.match(html, /<li class="dr-status-failed" data-dr-status="failed">❌ &lt;img src=x onerror=alert\(1\)&gt;<\/li>/);
  });

  it('adds nothing of its own that could carry markup when html is on', () => {
    const html = render('## Deployment Metadata\n\n## Steps\n\n- [x] "quoted" <b>bold</b>\n', {}, {}, true);
    assert.match(html, /<li class="dr-status-done" data-dr-status="done">\[x\] &quot;quoted&quot; <b>bold<\/b><\/li>/);
  });

  it('does not break rendering for unusual input', () => {
    for (const input of ['', '\u0000', '- [', '## Deployment Metadata\n-', '## Deployment Metadata\n> - [x] quoted']) {
      assert.equal(typeof render(input), 'string');
    }
  });

  describe('real-world records', () => {
    const dir = path.join(fixtures, 'checklists');
    const files = fs.readdirSync(dir).filter((name) => name.endsWith('.md'));

    it('renders every real-world record with a summary and status classes', () => {
      assert.ok(files.length >= 7);
      for (const name of files) {
        const text = fs.readFileSync(path.join(dir, name), 'utf8');
        const html = render(text, { currentDocument: `deployments/checklists/${name}` });
        assert.match(html, /^<div class="dr-progress"/, name);
        assert.ok(statusesIn(html).length > 0, name);
        assert.ok(!/<img src="?https:\/\/img\.shields\.io\/badge/.test(html), `${name}: the HTML badges must stay text when html is off`);
      }
    });

    it('reads the in-flight record of 18:46 as it stands: six done, one blocked', () => {
      const text = fs.readFileSync(path.join(dir, '2025-09-05-18-46-deployment.md'), 'utf8');
      const html = render(text, { currentDocument: 'deployments/checklists/2025-09-05-18-46-deployment.md' });
      const statuses = statusesIn(html);
      assert.equal(statuses.slice(0, 7).join(','), 'done,done,done,done,done,done,blocked');
      assert.match(html, /6\/\d+ done · 1 blocked/);
    });

    it('reads emoji markers and empty boxes in the record of 2025-08-31', () => {
      const text = fs.readFileSync(path.join(dir, '2025-08-31-03-33-deployment.md'), 'utf8');
      const statuses = statusesIn(render(text));
      assert.deepEqual(statuses.slice(0, 7), ['done', 'done', 'done', 'done', 'done', 'done', 'pending']);
    });

    it('leaves the process document (no metadata, outside the checklists folder) unchanged', () => {
      const text = fs.readFileSync(path.join(fixtures, 'deployment-process.md'), 'utf8');
      assert.equal(render(text, { currentDocument: 'deployments/deployment-process.md' }), new MarkdownIt().render(text));
    });
  });
});
