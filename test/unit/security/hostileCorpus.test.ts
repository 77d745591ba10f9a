import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { computeAnalytics } from '../../../src/core/analytics/computeAnalytics';
import { RecordFolderScanner } from '../../../src/core/analytics/recordFolderScanner';
import { EXPORT_ALL_DEPLOYMENTS, metricsToCsv } from '../../../src/core/analytics/metricsExport';
import { classifyChecklistLines, splitLines } from '../../../src/core/markdown/checklistLines';
import { isRecordDocument } from '../../../src/core/markdown/recordDetection';
import { deploymentStatusPlugin } from '../../../src/core/markdown/statusPlugin';
import { classifyRecordFile } from '../../../src/core/record/recordFiles';
import { parseRecord } from '../../../src/core/record/recordParser';
import type { ParsedRecord } from '../../../src/core/record/recordTypes';
import {
  BINARY_BYTES,
  createHostileCorpus,
  deeplyNestedRecord,
  hostileRecords,
  HostileCorpus,
  INJECTIONS,
  INVALID_UTF8_BYTES,
  longRecord,
  MARKUP_FROM_RECORD,
  permissionsAreIgnored
} from '../../fixtures/hostileCorpus';

/*
 * Bounds are generous (a loaded 2-core CI machine, other suites compiling) yet far below
 * what a hang or a quadratic blow-up would take: they catch regressions, not jitter.
 */
const PARSE_200K_LINES_MS = 5000;
const SCAN_CORPUS_MS = 15_000;
const RENDER_MS = 5000;

function timed<T>(work: () => T): { value: T; ms: number } {
  const started = process.hrtime.bigint();
  const value = work();
  return { value, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

async function timedAsync<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { value, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

function assertNoMarkup(html: string, where: string): void {
  for (const pattern of MARKUP_FROM_RECORD) {
    assert.doesNotMatch(html, pattern, `${where} turned record text into markup (${pattern})`);
  }
}

const RECORD_ENV = { currentDocument: { path: '/ws/deployments/checklists/2025-02-01-10-00-deployment.md' } };

/** Renders with and without the plugin, timing only the plugin's own core rule. */
function render(text: string, html: boolean): { withPlugin: string; without: string; pluginMs: number } {
  const md = new MarkdownIt({ html });
  md.use(deploymentStatusPlugin, { checklistsFolder: () => 'deployments/checklists' });
  let pluginMs = 0;
  const rule = (md.core.ruler as unknown as { __rules__: { name: string; fn: (state: unknown) => unknown }[] }).__rules__
    .find((r) => r.name === 'deployment_record_status')!;
  const original = rule.fn;
  rule.fn = (state) => {
    const { value, ms } = timed(() => original(state));
    pluginMs += ms;
    return value;
  };
  const withPlugin = md.render(text, RECORD_ENV);
  const without = new MarkdownIt({ html }).render(text, RECORD_ENV);
  return { withPlugin, without, pluginMs };
}

/** The plugin's additions: status attributes on list items and the progress summary. */
function withoutPluginAdditions(html: string): string {
  return html
    .replace(/<div class="dr-progress"[^>]*>[\s\S]*?<\/div>\n/, '')
    .replace(/ class="dr-status-[a-z-]+" data-dr-status="\w+"/g, '');
}

/** Every number in the analytics JSON is finite: a NaN would print as null and break CI pipelines reading it. */
function assertFiniteNumbers(value: unknown, where: string): void {
  if (typeof value === 'number') {
    assert.ok(Number.isFinite(value), `${where} is ${value}`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertFiniteNumbers(v, `${where}[${i}]`));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      assertFiniteNumbers(v, `${where}.${k}`);
    }
  }
}

describe('hostile records: the parser', () => {
  for (const record of hostileRecords()) {
    it(`reads a record with ${record.title} without throwing`, () => {
      const { value: parsed, ms } = timed(() => parseRecord(record.text, record.fileName));
      assert.ok(ms < RENDER_MS, `took ${ms} ms`);
      assert.equal(typeof parsed.outcome, 'string');
      assert.ok(Array.isArray(parsed.problems));
    });
  }

  it('keeps injected HTML in metadata and issue titles as the literal text it was', () => {
    const record = hostileRecords()[0];
    const parsed = parseRecord(record.text, record.fileName);
    assert.equal(parsed.operator, `${INJECTIONS[0]} 0`);
    assert.deepEqual(parsed.issues.map((i) => i.title), INJECTIONS.map((i) => i.replace(/<!--.*?-->/g, '').trim()));
  });

  it(`reads a 200,000-line record in under ${PARSE_200K_LINES_MS / 1000} s`, () => {
    const text = longRecord();
    const { value: parsed, ms } = timed(() => parseRecord(text, '2025-08-01-00-00-deployment.md'));
    assert.ok(ms < PARSE_200K_LINES_MS, `took ${Math.round(ms)} ms`);
    assert.ok(parsed.checklist.length > 150_000, 'the steps of a long record were not all read');
  });

  it('never reads an end before the start as a negative duration', () => {
    const record = hostileRecords().find((r) => r.title.startsWith('end time before'))!;
    const parsed = parseRecord(record.text, record.fileName);
    for (const phase of parsed.phases) {
      if (phase.writtenDurationSeconds !== undefined) {
        assert.ok(phase.writtenDurationSeconds >= 0 && Number.isFinite(phase.writtenDurationSeconds), `${phase.name}: ${phase.writtenDurationSeconds}`);
      }
    }
    assert.equal(parsed.writtenTotalSeconds === undefined || Number.isFinite(parsed.writtenTotalSeconds), true);
  });

  it('reads a lone surrogate, control characters and a never-closed code fence, and says the fence is open', () => {
    const record = hostileRecords().find((r) => r.title.startsWith('an unclosed code fence'))!;
    const parsed = parseRecord(record.text, record.fileName);
    assert.ok(parsed.problems.some((p) => /never closed/.test(p.message)));
    assert.equal(parsed.checklist.length, 1, 'a step inside the open fence was counted');
  });

  it('reads whatever is passed when it is not a string', () => {
    for (const junk of [undefined, null, 42, {}, Buffer.from('x')]) {
      const parsed = parseRecord(junk as unknown as string);
      assert.equal(parsed.outcome, 'inProgress');
    }
  });
});

describe('hostile records: the analytics', () => {
  const parsed = (): ParsedRecord[] => hostileRecords().map((r) => parseRecord(r.text, r.fileName));

  it('computes every figure from the hostile records without throwing, and every number is finite', () => {
    const analytics = computeAnalytics({ records: [...parsed(), parseRecord(longRecord(), '2025-08-01-00-00-deployment.md')] }, { now: Date.UTC(2026, 0, 1) });
    assertFiniteNumbers(JSON.parse(JSON.stringify(analytics)), 'analytics');
  });

  it('keeps the weekly trend to ten years when one record is dated 1969 and another 9999', () => {
    const analytics = computeAnalytics({ records: parsed() }, { now: Date.UTC(2026, 0, 1) });
    assert.ok(analytics.trends.points.length <= 520, `${analytics.trends.points.length} trend points`);
    assert.ok(JSON.stringify(analytics).length < 1024 * 1024, 'the metrics JSON grew past 1 MB');
  });

  it('reports an end time before the start time instead of counting a negative duration', () => {
    const analytics = computeAnalytics({ records: parsed() }, { now: Date.UTC(2026, 0, 1), recentLimit: 100 });
    assert.ok(analytics.problems.some((p) => p.file === '2025-03-01-12-00-deployment.md' && /End Time is before Start Time/.test(p.message)));
    for (const deployment of [...analytics.recent, ...analytics.slowest]) {
      if (deployment.totalSeconds !== undefined) {
        assert.ok(deployment.totalSeconds >= 0, `${deployment.file}: ${deployment.totalSeconds}`);
      }
      for (const seconds of Object.values(deployment.phases)) {
        assert.ok(seconds >= 0, `${deployment.file}: phase ${seconds}`);
      }
    }
  });

  it('counts both records that share a deployment ID and tells them apart by file', () => {
    const analytics = computeAnalytics({ records: parsed() }, { now: Date.UTC(2026, 0, 1), recentLimit: 100 });
    const twins = analytics.recent.filter((d) => d.id === 'DEP-2025-04-01-09-00');
    assert.deepEqual(twins.map((d) => d.file).sort(), ['2025-04-01-09-00-2-deployment.md', '2025-04-01-09-00-deployment.md']);
  });

  it('exports a CSV from the panel in which no cell starts like a spreadsheet formula', () => {
    const csv = metricsToCsv(computeAnalytics({ records: parsed() }, { now: Date.UTC(2026, 0, 1), recentLimit: EXPORT_ALL_DEPLOYMENTS }));
    assert.ok(csv.includes('HYPERLINK('), 'the formula text itself should be kept, as text');
    for (const line of csv.split('\r\n')) {
      for (const cell of line.split(',')) {
        assert.doesNotMatch(cell, /^"?[=+@\t]/, `a cell starts like a formula: ${cell}`);
      }
    }
  });

  it('places deployments before 1970 and far in the future in the history without throwing', () => {
    const analytics = computeAnalytics({ records: parsed() }, { now: Date.UTC(2026, 0, 1), recentLimit: 100 });
    const starts = analytics.recent.map((d) => d.startIso);
    assert.ok(starts.some((s) => s.startsWith('1969-07-20')), starts.join(', '));
    assert.ok(starts.some((s) => s.startsWith('9999-12-31')), starts.join(', '));
  });
});

describe('hostile records: the preview plugin and the editor line classifier', () => {
  for (const record of hostileRecords()) {
    // markdown-it itself needs seconds for a 1 MB line of brackets; once is enough for that one.
    for (const html of record.text.length > 256 * 1024 ? [false] : [false, true]) {
      it(`previews a record with ${record.title} (html ${html ? 'on' : 'off'}), adding only status classes and a progress line`, function () {
        this.timeout(120_000);
        const { withPlugin, without, pluginMs } = render(record.text, html);
        assert.ok(pluginMs < RENDER_MS, `the plugin took ${Math.round(pluginMs)} ms`);
        // Everything else is markdown-it's own rendering, which VS Code's preview then sanitises.
        assert.equal(withoutPluginAdditions(withPlugin), without);
        if (!html) {
          assertNoMarkup(withPlugin, 'the preview');
        }
        const progress = /<div class="dr-progress"[^>]*>([\s\S]*?)<\/div>/.exec(withPlugin)?.[1] ?? '';
        assert.doesNotMatch(progress, /<(?!\/?(?:progress|span)\b)/, 'the progress summary holds markup');
      });
    }
  }

  it('gives status classes only, never record text, to the list items of the injection record', () => {
    const output = render(hostileRecords()[0].text, false).withPlugin;
    const attributes = [...output.matchAll(/<li([^>]*)>/g)].map((m) => m[1]);
    assert.ok(attributes.length > 0);
    for (const attr of attributes) {
      assert.match(attr, /^(?: class="dr-status-[a-z-]+" data-dr-status="\w+")?$/, attr);
    }
  });

  it(`classifies the lines of a 200,000-line record for the decorations in under ${RENDER_MS / 1000} s`, () => {
    const lines = splitLines(longRecord());
    const { value: classified, ms } = timed(() => classifyChecklistLines(lines));
    assert.ok(ms < RENDER_MS, `took ${Math.round(ms)} ms`);
    assert.ok(classified.length > 150_000);
  });

  it('classifies 1,000-deep nested lists and a 1 MB line without throwing', () => {
    for (const text of [deeplyNestedRecord(1000), hostileRecords().find((r) => r.title.startsWith('one 1 MB line'))!.text]) {
      const { value, ms } = timed(() => classifyChecklistLines(splitLines(text)));
      assert.ok(ms < RENDER_MS, `took ${Math.round(ms)} ms`);
      assert.ok(Array.isArray(value));
    }
  });

  it('treats a 200,000-line document as a record only within the size bounds the editor enforces', () => {
    // isRecordDocument itself is cheap on any size; the editor layer skips oversized documents.
    const { ms } = timed(() => isRecordDocument({ path: '/ws/notes.md', text: longRecord() }));
    assert.ok(ms < RENDER_MS);
  });
});

describe('hostile files on disk: the folder scanner (analytics, CLI and panel)', function () {
  let corpus: HostileCorpus;

  before(function () {
    this.timeout(60_000);
    corpus = createHostileCorpus();
  });
  after(() => corpus?.dispose());

  it('refuses binary files and invalid UTF-8 with a reason', () => {
    assert.deepEqual(classifyRecordFile('a.md', BINARY_BYTES, BINARY_BYTES.length), { kind: 'skip', reason: 'binary file (contains NUL bytes)' });
    assert.deepEqual(classifyRecordFile('a.md', INVALID_UTF8_BYTES, INVALID_UTF8_BYTES.length), { kind: 'skip', reason: 'binary file (not valid UTF-8)' });
  });

  it(`scans the whole hostile folder in under ${SCAN_CORPUS_MS / 1000} s, skipping each trap with a reason`, async function () {
    this.timeout(SCAN_CORPUS_MS * 2);
    const { value: scan, ms } = await timedAsync(() => new RecordFolderScanner(corpus.checklists).scan());
    assert.ok(ms < SCAN_CORPUS_MS, `took ${Math.round(ms)} ms`);
    const reasons = new Map(scan.skipped.map((s) => [s.file, s.reason]));
    const { traps } = corpus;
    assert.match(reasons.get(traps.binary) ?? '', /binary/);
    assert.match(reasons.get(traps.invalidUtf8) ?? '', /not valid UTF-8/);
    assert.match(reasons.get(traps.huge) ?? '', /larger than 5 MB/);
    if (traps.folderLoop) {
      assert.match(reasons.get(traps.folderLoop) ?? '', /loop/);
      assert.match(reasons.get(traps.fileLoop!) ?? '', /loop/);
      assert.match(reasons.get(traps.dangling!) ?? '', /broken link|disappeared/);
    }
    if (traps.fifo) {
      assert.match(reasons.get(traps.fifo) ?? '', /not a regular file/);
    }
    if (traps.device) {
      assert.ok(reasons.has(traps.device), 'a link to a device was read as a record');
    }
    if (traps.unreadableFolder) {
      const lockedRecord = `${traps.unreadableFolder}/2024-01-01-00-00-deployment.md`;
      if (permissionsAreIgnored()) {
        // Running as root: chmod 000 stops nothing, so the record inside is simply read.
        assert.ok(scan.records.some((r) => r.fileName === lockedRecord) || reasons.has(lockedRecord));
        assert.ok(scan.records.some((r) => r.fileName === traps.unreadableFile));
      } else {
        assert.match(reasons.get(traps.unreadableFolder) ?? '', /permission denied/);
        assert.match(reasons.get(traps.unreadableFile!) ?? '', /permission denied/);
      }
    }
    assert.ok(scan.records.some((r) => r.fileName === traps.long), 'the 200,000-line record was not read');
    assert.ok(scan.records.some((r) => r.id === 'DEP-9999-12-31-23-59'));
  });

  it('does not block on a FIFO named like a record when a watcher reports it', async function () {
    if (!corpus.traps.fifo) {
      this.skip();
    }
    this.timeout(SCAN_CORPUS_MS * 2);
    const scanner = new RecordFolderScanner(corpus.checklists);
    await scanner.scan();
    // A blocking open would never settle: the test's own timeout is the deadline that fails it.
    const refreshed = await scanner.refresh([corpus.traps.fifo!]);
    assert.ok(refreshed.skipped.some((s) => s.file === corpus.traps.fifo), 'the FIFO was read as a record');
  });

  it('computes analytics over the scanned hostile folder with finite figures', async function () {
    this.timeout(SCAN_CORPUS_MS * 2);
    const scan = await new RecordFolderScanner(corpus.checklists).scan();
    const analytics = computeAnalytics({ records: scan.records, skipped: scan.skipped }, { now: Date.UTC(2026, 0, 1) });
    assertFiniteNumbers(JSON.parse(JSON.stringify(analytics)), 'analytics');
    assert.ok(analytics.skipped.length >= 3);
  });

  it('reads a file that changes while it is being read either whole or not at all, never half', async function () {
    this.timeout(SCAN_CORPUS_MS * 2);
    const name = '2025-12-10-00-00-deployment.md';
    const file = path.join(corpus.checklists, name);
    const before = '## Deployment Metadata\n\n- **Deployment ID**: DEP-2025-12-10-00-00\n- **Operator**: before\n';
    const scanner = new RecordFolderScanner(corpus.checklists);
    await scanner.scan();
    fs.writeFileSync(file, before);
    const realReadFile = fs.promises.readFile;
    let writes = 0;
    // Each read of this file finds it rewritten underneath: the scanner's size/mtime check must notice.
    fs.promises.readFile = (async (target: fs.PathLike, ...rest: unknown[]) => {
      const result = await (realReadFile as (...args: unknown[]) => Promise<Buffer>)(target, ...rest);
      if (String(target) === file) {
        writes++;
        fs.writeFileSync(file, `${before}- **Environment**: ${'x'.repeat(writes * 10)}\n`);
        const future = new Date(Date.now() + writes * 5000);
        fs.utimesSync(file, future, future);
      }
      return result;
    }) as typeof fs.promises.readFile;
    try {
      const scan = await scanner.refresh([name]);
      const skipped = scan.skipped.find((s) => s.file === name);
      const record = scan.records.find((r) => r.fileName === name);
      assert.ok(skipped || record, 'the changing file vanished from the scan');
      if (skipped) {
        assert.match(skipped.reason, /changed while being read/);
      }
      if (record) {
        assert.equal(record.operator, 'before');
      }
    } finally {
      fs.promises.readFile = realReadFile;
      fs.rmSync(file, { force: true });
    }
  });
});
