import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RecordFolderScanner } from '../../../src/core/analytics/recordFolderScanner';
import { computeAnalytics } from '../../../src/core/analytics/computeAnalytics';
import { parseRecord, parseRecordForAnalytics } from '../../../src/core/record/recordParser';
import type { ParsedRecord } from '../../../src/core/record/recordTypes';
import { readRecordForAnalytics } from '../../../src/core/analytics/analyticsRecordReader';
import { rowOf } from '../../../src/core/analytics/analyticsRow';
import { readRecordRow, readTemplateRow } from '../../../src/core/analytics/analyticsRowReader';
import { generateRecords, seededRandom, writeGeneratedRecords } from '../../fixtures/generateRecords';
import { hostileRecords, longRecord } from '../../fixtures/hostileCorpus';

const REAL_WORLD = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'real-world', 'deployments', 'checklists');
const NOW = Date.UTC(2026, 0, 1);

function readFileIn(records: readonly { name: string; text: string }[], name: string): string {
  return records.find((r) => r.name === name)!.text;
}

function realWorldRecords(): { name: string; text: string }[] {
  return fs
    .readdirSync(REAL_WORLD)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => ({ name, text: fs.readFileSync(path.join(REAL_WORLD, name), 'utf8') }));
}

/** What the lean reading must keep identical: everything but the fields and steps it drops. */
function withoutDroppedParts(rec: ParsedRecord): object {
  const { fields, checklist, ...rest } = rec;
  void fields;
  void checklist;
  return rest;
}

function assertSameReading(name: string, text: string): void {
  const full = parseRecord(text, name);
  const lean = parseRecordForAnalytics(text, name);
  assert.deepStrictEqual(withoutDroppedParts(lean), withoutDroppedParts(full), `${name}: record properties differ`);
  assert.deepStrictEqual(
    lean.checklist,
    full.checklist.filter((item) => item.status === 'failed' || item.status === 'skipped' || item.status === 'blocked'),
    `${name}: failed, skipped and blocked steps differ`
  );
  for (const field of lean.fields) {
    assert.ok(full.fields.some((f) => f.line === field.line && f.key === field.key && f.value === field.value), `${name}: field ${field.key} was not in the full reading`);
  }
}

describe('analytics over the lean reading used by the CLI', () => {
  it('reads every real-world record the same as the editor does, apart from the parts analytics ignores', () => {
    for (const { name, text } of realWorldRecords()) {
      assertSameReading(name, text);
    }
  });

  it('reads 200 generated records the same as the editor does, apart from the parts analytics ignores', () => {
    for (const { fileName, text } of generateRecords({ count: 200, seed: 7, spanDays: 120 })) {
      assertSameReading(fileName, text);
    }
  });

  it('gives the same figures from the lean reading as from full records, on the real-world folder and on 200 generated records', () => {
    const corpora = [
      realWorldRecords().map(({ name, text }) => ({ fileName: name, text })),
      generateRecords({ count: 200, seed: 11, spanDays: 120 })
    ];
    for (const corpus of corpora) {
      const full = computeAnalytics({ records: corpus.map((r) => parseRecord(r.text, r.fileName)) }, { now: NOW, recentLimit: 1000 });
      const lean = computeAnalytics({ records: corpus.map((r) => parseRecordForAnalytics(r.text, r.fileName)) }, { now: NOW, recentLimit: 1000 });
      assert.deepStrictEqual(lean, full);
      assert.ok(full.records > 0);
    }
  });

  it('scans a folder for the CLI with the same figures and skipped files as the editor scan', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-lean-'));
    try {
      writeGeneratedRecords(dir, { count: 200, seed: 3, spanDays: 90 });
      for (const name of fs.readdirSync(REAL_WORLD)) {
        fs.copyFileSync(path.join(REAL_WORLD, name), path.join(dir, name));
      }
      const editor = await new RecordFolderScanner(dir).scan();
      const cli = await new RecordFolderScanner(dir, { blocking: true, read: readRecordRow }).scan();
      assert.deepStrictEqual(cli.skipped, editor.skipped);
      assert.deepStrictEqual(computeAnalytics(cli, { now: NOW }), computeAnalytics(editor, { now: NOW }));
      assert.ok(editor.records.length >= 200);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Pieces a mutation splices into a record: every character the reader's shortcuts look at. */
const MUTATION_PIECES = [
  '\n', '\r\n', '\r', ' ', '\t', '   ', '-', '*', '+', '_', '#', '## ', '### Issue #2: ', '```', '~~~', '---', '- ', '* ', '1. ',
  '**', ':', '**:', '[', ']', '[-]', '[>]', '[!]', '[ - ]', '[x]', '[ ]', '[]', '(', '❌', '✖️', '⏭️', '⚠️', '⛔', '🚫', '✅', '🔄',
  '\u00a0', '\u2028', '\ufeff', 'Start', ' Start', ' Duration', 'Downtime', 'Health Check', 'Metrics', 'Metadata', 'Lessons Learned',
  '\n## 📚 Lessons Learned\n- ❌ **HIGH** retry\n', '\n### Action Items\n- [⏭️] later\n',
  '- **Phase**: Execution', '- **Impact**: High', '- **Resolution**: pending', '- **Time to Resolve**: 5m', '- [❌] **Step**: failed here',
  '  - RESOLUTION: ', '\n  * **Root Cause**: x', '\n- Apply errored: x\n  - Resolution: retried\n', '\n   1. root cause: y'
];

/** A record with a few random pieces spliced in at random places. */
function mutate(text: string, random: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(random() * 6);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (out.length + 1));
    const piece = MUTATION_PIECES[Math.floor(random() * MUTATION_PIECES.length)];
    const cut = random() < 0.3 ? Math.floor(random() * 4) : 0;
    out = out.slice(0, at) + piece + out.slice(at + cut);
  }
  return out;
}

describe('the analytics record reader (no string per line)', () => {
  const same = (name: string, text: string): void => {
    assert.deepStrictEqual(readRecordForAnalytics(text, name), parseRecordForAnalytics(text, name), `${name}: the reader and parseRecordForAnalytics differ`);
  };

  it('reads every real-world record exactly as parseRecordForAnalytics does', () => {
    for (const { name, text } of realWorldRecords()) {
      same(name, text);
    }
  });

  it('reads 3,000 generated records exactly as parseRecordForAnalytics does, and gives the same figures as full records', () => {
    const corpus = generateRecords({ count: 3000, seed: 23, spanDays: 400 });
    for (const { fileName, text } of corpus) {
      same(fileName, text);
    }
    const full = computeAnalytics({ records: corpus.map((r) => parseRecord(r.text, r.fileName)) }, { now: NOW, recentLimit: 1000 });
    const fast = computeAnalytics({ records: corpus.map((r) => readRecordForAnalytics(r.text, r.fileName)) }, { now: NOW, recentLimit: 1000 });
    assert.deepStrictEqual(fast, full);
    assert.strictEqual(fast.records, 3000);
  });

  it('reads non-ASCII keys and values, a byte order mark, CRLF and Unicode line separators exactly as parseRecordForAnalytics does', () => {
    const record = [
      '## Deployment Metadata',
      '- **Deployment ID**: DEP-2026-01-02-03-04',
      '- **Start\u00a0Time**: 2026-01-02 03:04:05',
      '- **Operator**: Zoë Ærøskøbing',
      '- **Environment**:\u00a0staging',
      '- **Git Branch**: feature/ünïcode\u2028tail',
      '+ **Git Commit:** abc1234',
      '## Deployment Metrics',
      '- **Planning Start**: 2026-01-02 03:05:00',
      '- **Planning Duration**: ~2 minutes',
      '- **End Time**: 2026-01-02 03:20:00',
      '- **Success Status**: ✅ Success',
      '- **Health Check**: failed ❌',
      '- **Downtime**: 45s',
      '## Steps',
      '- ❌ **Deploy**: apply',
      '- [x] **Check**: done'
    ].join('\n');
    same('2026-01-02-03-04-deployment.md', record);
    same('crlf.md', record.replace(/\n/g, '\r\n'));
    same('bom.md', `\ufeff${record}`);
    const read = readRecordForAnalytics(record, 'x.md');
    assert.strictEqual(read.operator, 'Zoë Ærøskøbing');
    assert.strictEqual(read.startTime?.raw, '2026-01-02 03:04:05');
    assert.strictEqual(read.outcome, 'success');
    // The lean reading lists the fields analytics looks up: the optional metrics (End Time's line is endTimeLine).
    assert.deepStrictEqual(read.fields.map((f) => f.key), ['Health Check', 'Downtime']);
    assert.strictEqual(read.endTimeLine, 10);
  });

  it('reads every hostile record exactly as parseRecordForAnalytics does', () => {
    for (const { fileName, text } of hostileRecords()) {
      same(fileName, text);
    }
    same('long.md', longRecord(20_000));
  });

  it('reads 3,000 randomly mutated records exactly as parseRecordForAnalytics does', () => {
    const random = seededRandom(97);
    const sources = [...realWorldRecords().map((r) => r.text), ...generateRecords({ count: 60, seed: 5, spanDays: 60 }).map((r) => r.text)];
    for (let i = 0; i < 3000; i++) {
      const text = mutate(sources[i % sources.length], random);
      same(`mutated-${i}.md`, text);
    }
  });
});

describe('analytics rows read straight from bytes (readRecordRow)', () => {
  /** The row from bytes must be the row of the full reading and of the lean one. */
  const sameRow = (name: string, input: string): void => {
    const bytes = Buffer.from(input, 'utf8');
    const text = bytes.toString('utf8'); // what the scanner decodes (a lone surrogate becomes U+FFFD)
    const fromBytes = readRecordRow(bytes, name);
    assert.deepStrictEqual(fromBytes, rowOf(parseRecord(text, name)), `${name}: the row differs from the full reading's`);
    assert.deepStrictEqual(fromBytes, rowOf(parseRecordForAnalytics(text, name)), `${name}: the row differs from the lean reading's`);
  };

  /** How many of the records the template path reads by itself (the rest take the general path). */
  const byTemplate = (records: readonly { name: string; text: string }[]): number =>
    records.filter(({ name, text }) => readTemplateRow(Buffer.from(text, 'utf8'), name) !== null).length;

  it('reads every real-world record as the parser does, each by the template path but the one with an issue written as a note', () => {
    const records = realWorldRecords();
    for (const { name, text } of records) {
      sameRow(name, text);
    }
    // The template path passes over plain bullets, so the `RESOLUTION:` under one sends 2025-08-31 down the general path.
    const general = records.filter(({ name, text }) => readTemplateRow(Buffer.from(text, 'utf8'), name) === null).map((r) => r.name);
    assert.deepStrictEqual(general, ['2025-08-31-03-33-deployment.md']);
    assert.strictEqual(readRecordRow(Buffer.from(readFileIn(records, '2025-08-31-03-33-deployment.md'), 'utf8'), '2025-08-31-03-33-deployment.md')?.issues.length, 1);
  });

  it('reads issues written as notes as the parser does, in every form and place, by the general path', () => {
    const [generated] = generateRecords({ count: 1, seed: 47, spanDays: 10 });
    const name = generated.fileName;
    const base = rowOf(parseRecord(generated.text, name))!;
    const withNotes = (...lines: string[]): string => `${generated.text.trimEnd()}\n\n${lines.join('\n')}\n`;
    /** Each variant, and how many issues it adds. */
    const variants: Record<string, [string, number]> = {
      pilot: [withNotes('## Pilot notes', '- First attempt at apply errored: no supported methods remain', '  - RESOLUTION: add the private key', '  - ROOT CAUSE: the provider uploads by SSH', '- Second attempt', '  - EXAMPLE: triple quotes'), 1],
      bold: [withNotes('## Notes', '* **Apply errored:** timeout', '  * **Resolution**: PENDING', '1. DNS not propagated', '   1. Root Cause: TTL'), 2],
      nested: [withNotes('## Notes', '- Day one', '  - Apply errored', '    - [❌] retried', '    - ROOT CAUSE: lock', '- ❌ Smoke tests', '  - RESOLUTION: under a step'), 1],
      // Where a note is no issue: a code block, Lessons Learned, an ### Issue block (this one stays on the template path).
      nowhere: [withNotes('## Notes', '```', '- Apply errored', '  - RESOLUTION: x', '```', '### Issue #9: Lock held', '- Note', '  - RESOLUTION: y', '## 📚 Lessons learned', '- Keys expire', '  - ROOT CAUSE: z'), 1],
      crlf: [withNotes('## Notes', '- Apply errored: timeout', '  - RESOLUTION: retried').replace(/\n/g, '\r\n'), 1],
      bom: [`\ufeff${withNotes('## Notes', '- Apply errored: timeout', '\t- resolution: retried')}`, 1]
    };
    for (const [variant, [text, added]] of Object.entries(variants)) {
      sameRow(`${variant}-${name}`, text);
      assert.deepStrictEqual(readRecordForAnalytics(text, name), parseRecordForAnalytics(text, name), `${variant}: the reader and parseRecordForAnalytics differ`);
      assert.strictEqual(readRecordRow(Buffer.from(text, 'utf8'), name)!.issues.length, base.issues.length + added, variant);
      if (variant !== 'nowhere') {
        assert.strictEqual(readTemplateRow(Buffer.from(text, 'utf8'), name), null, `${variant}: the template path passed over the noted item`);
      }
    }
  });

  it('keeps a record on the template path when an indented bullet only looks like a RESOLUTION', () => {
    const [generated] = generateRecords({ count: 1, seed: 53, spanDays: 10 });
    const text = `${generated.text.trimEnd()}\n\n## Notes\n- Rebooted\n  - Rooted out the stale lock\n  - Resolution needed: none\n  - **Resolutions** for next time\n`;
    sameRow(generated.fileName, text);
    assert.notStrictEqual(readTemplateRow(Buffer.from(text, 'utf8'), generated.fileName), null);
  });

  it('reads 3,000 generated records as the parser does, each by the template path', () => {
    const records = generateRecords({ count: 3000, seed: 29, spanDays: 400 }).map((r) => ({ name: r.fileName, text: r.text }));
    for (const { name, text } of records) {
      sameRow(name, text);
    }
    assert.strictEqual(byTemplate(records), 3000);
  });

  it('reads hostile records, and non-ASCII, CRLF and byte-order-mark variants, as the parser does', () => {
    for (const { fileName, text } of hostileRecords()) {
      sameRow(fileName, text);
    }
    sameRow('long.md', longRecord(20_000));
    const record = realWorldRecords()[0].text;
    sameRow('crlf.md', record.replace(/\n/g, '\r\n'));
    sameRow('bom.md', `\ufeff${record}`);
    sameRow('cr-in-value.md', record.replace('**Operator**: ', '**Operator**: a\rb '));
  });

  it('reads a field written twice, or written in a form the template does not use, as the parser does', () => {
    const generated = generateRecords({ count: 50, seed: 41, spanDays: 10 }).find((r) => r.text.includes('**Health Check**') && r.text.includes('**Downtime**'));
    assert.ok(generated, 'no generated record with a health check and a downtime');
    const twice = (key: string, value: string): string => generated.text.replace(new RegExp(`(- \\*\\*${key}\\*\\*: .*)`), `$1\n- **${key}**: ${value}`);
    const variants: Record<string, string> = {
      'operator-twice.md': twice('Operator', 'Someone Else'),
      'start-twice.md': twice('Start Time', '2020-01-01 00:00:00'),
      'downtime-twice.md': twice('Downtime', '[PENDING]').replace(/- \*\*Downtime\*\*: .*/, '- **Downtime**: [PENDING]') + '\n',
      'health-twice.md': twice('Health Check', 'passed ✅'),
      'phase-twice.md': twice('Execution Start', '2020-01-01 00:00:00'),
      'status-as-outcome.md': generated.text.replace('**Success Status**', '**Outcome**'),
      'lower-case-key.md': generated.text.replace('**Environment**', '**environment**'),
      'date-and-start.md': generated.text.replace(/(- \*\*Start Time\*\*: )(.*)/, '$1[AUTO-FILLED]\n- **Date**: 2021-02-03 04:05:06'),
      'unreadable-start.md': generated.text.replace(/(- \*\*Start Time\*\*: )(.*)/, '$1yesterday'),
      'unreadable-phase.md': generated.text.replace(/(- \*\*Planning Start\*\*: )(.*)/, '$1soon'),
      'custom-phase.md': generated.text.replace('- **End Time**', '- **Canary Start**: 2025-06-02 09:30:00\n- **End Time**'),
      'odd-headings.md': generated.text.replace('- **Operator**', '# \u0000\n- **Operator**').replace('- **End Time**', '#no-space\n###\n- **End Time**'),
      'end-before-start.md': generated.text.replace(/(- \*\*End Time\*\*: )(.*)/, '$11999-01-01 00:00:00'),
      'end-before-start-spelled-otherwise.md': generated.text.replace(/- \*\*End Time\*\*: (.*)/, '* **end  time:** 1999-01-01 00:00:00'),
      'end-twice-before-start.md': twice('End Time', '2099-01-01 00:00:00').replace(/(- \*\*End Time\*\*: )(.*)/, '$11999-01-01 00:00:00')
    };
    for (const [name, text] of Object.entries(variants)) {
      assert.notStrictEqual(text, generated.text, `${name}: the variant changed nothing`);
      sameRow(name, text);
    }
    assert.strictEqual(readRecordRow(Buffer.from(variants['operator-twice.md']), 'x.md')?.operator, rowOf(parseRecord(generated.text, 'x.md'))?.operator);
    // An End Time before the start is reported at the End Time the parser read: the first one,
    // however it is spelled, by the template path and the general one alike.
    for (const name of ['end-before-start.md', 'end-before-start-spelled-otherwise.md', 'end-twice-before-start.md']) {
      const text = variants[name];
      const endLine = text.split('\n').findIndex((line) => /end {1,2}time/i.test(line)) + 1;
      assert.ok(endLine > 1, name);
      const problems = readRecordRow(Buffer.from(text), name)?.problems.filter((p) => p.message === 'End Time is before Start Time');
      assert.deepStrictEqual(problems, [{ file: name, line: endLine, message: 'End Time is before Start Time' }], name);
    }
    assert.notStrictEqual(readTemplateRow(Buffer.from(variants['end-before-start.md']), 'x.md'), null, 'a template record takes the template path');
    assert.strictEqual(readTemplateRow(Buffer.from(variants['end-before-start-spelled-otherwise.md']), 'x.md'), null, 'another spelling takes the general path');
  });

  it('reads hand-written statuses, health checks, downtimes, offsets and `none` as the parser does, by the template path', () => {
    const generated = generateRecords({ count: 50, seed: 41, spanDays: 10 }).find((r) => r.text.includes('**Health Check**') && r.text.includes('**Downtime**'));
    assert.ok(generated, 'no generated record with a health check and a downtime');
    const withValue = (key: string, value: string): string => generated.text.replace(new RegExp(`(- \\*\\*${key}\\*\\*: ).*`), `$1${value}`);
    const values: Array<readonly [string, string]> = [
      ['Success Status', 'Successfully rolled back to v1.4'],
      ['Success Status', 'Completed with errors'],
      ['Success Status', 'Succeeded (0 failures)'],
      ['Success Status', 'Successfully aborted'],
      ['Health Check', '✅ Passed (0 failures)'],
      ['Health Check', 'Not healthy'],
      ['Downtime', '0'],
      ['Downtime', 'none'],
      ['Downtime', '1h30'],
      ['Time to Healthy', '1h30'],
      ['Start Time', '2025-06-02 09:00 UTC+2'],
      ['End Time', '2025-06-02 11:00 GMT+0530'],
      ['Git Branch', 'none'],
      ['Git Commit', 'none'],
      ['Git Commit', '—']
    ];
    for (const [key, value] of values) {
      const text = withValue(key, value);
      assert.notStrictEqual(text, generated.text, `${key}: ${value} changed nothing`);
      sameRow(`${key}-${value}.md`, text);
      assert.notStrictEqual(readTemplateRow(Buffer.from(text, 'utf8'), 'x.md'), null, `${key}: ${value} left the template path`);
    }
    // Read once per distinct value: the second record with the same bytes reads the same.
    const twice = withValue('Success Status', 'Completed rollback');
    assert.strictEqual(readRecordRow(Buffer.from(twice, 'utf8'), 'a.md')?.outcome, 'rolledBack');
    assert.strictEqual(readRecordRow(Buffer.from(twice, 'utf8'), 'b.md')?.outcome, 'rolledBack');
    const ambiguous = withValue('Start Time', '2025-06-02 09:00 UTC+530');
    sameRow('ambiguous-offset.md', ambiguous);
    assert.ok(readRecordRow(Buffer.from(ambiguous, 'utf8'), 'x.md')?.problems.some((p) => /Start Time is not a readable time/.test(p.message)));
    const range = withValue('Start Time', '2025-06-02 09:00-09:30');
    sameRow('range.md', range);
    assert.ok(readRecordRow(Buffer.from(range, 'utf8'), 'x.md')?.problems.some((p) => /Start Time is not a readable time: 2025-06-02 09:00-09:30/.test(p.message)));
  });

  it('reads 5,000 randomly mutated records as the parser does', () => {
    const random = seededRandom(131);
    const sources = [...realWorldRecords().map((r) => r.text), ...generateRecords({ count: 60, seed: 9, spanDays: 60 }).map((r) => r.text)];
    for (let i = 0; i < 5000; i++) {
      sameRow(`mutated-${i}.md`, mutate(sources[i % sources.length], random));
    }
  });

  it('counts the failed steps of a section that only mentions lessons learned, and not those of one titled so, as the parser does', () => {
    const text = [
      '## Deployment Metadata',
      '- **Start Time**: 2025-09-02 10:00:00',
      '',
      '## Pre-Flight: apply lessons learned from DEP-2025-09-01',
      '- ❌ **Backups verified**',
      '- [⏭️] **Stakeholders notified**',
      '',
      '## Lessons learned',
      '- ❌ **HIGH** Retry the failed canary',
      ''
    ].join('\n');
    sameRow('2025-09-02-10-00-deployment.md', text);
    assert.deepStrictEqual(readRecordForAnalytics(text, 'x.md'), parseRecordForAnalytics(text, 'x.md'));
    const row = readRecordRow(Buffer.from(text, 'utf8'), 'x.md')!;
    assert.deepStrictEqual(row.failedSteps, ['Backups verified']);
    assert.deepStrictEqual(row.skippedSteps, ['Stakeholders notified']);
  });

  it('does not count a failed, skipped or blocked action item of Lessons Learned as a step, as the parser does not', () => {
    const [generated] = generateRecords({ count: 1, seed: 43, spanDays: 10 });
    assert.match(generated.text, /## 📚 Lessons Learned/);
    const text = [
      generated.text.trimEnd(),
      '',
      '### Action Items for Next Deployment 📋',
      '- [ ] ❌ **HIGH** Retry the failed canary',
      '- ⏭️ **LOW** Skipped: update the runbook',
      '* [⚠️] **MEDIUM** Blocked on the vendor',
      '1. ❌ **LOW** Numbered follow-up',
      '',
      '## Mission Complete 🎯',
      '- ❌ **Summary shared**: not yet',
      ''
    ].join('\n');
    const before = rowOf(parseRecord(generated.text, generated.fileName))!;
    sameRow(generated.fileName, text);
    assert.deepStrictEqual(readRecordForAnalytics(text, generated.fileName), parseRecordForAnalytics(text, generated.fileName));
    assert.notStrictEqual(readTemplateRow(Buffer.from(text, 'utf8'), generated.fileName), null, 'the record left the template path');
    const row = readRecordRow(Buffer.from(text, 'utf8'), generated.fileName)!;
    assert.deepStrictEqual(row.failedSteps, [...before.failedSteps, 'Summary shared']);
    assert.deepStrictEqual(row.skippedSteps, before.skippedSteps);
    assert.deepStrictEqual(row.blockedSteps, before.blockedSteps);
  });

  it('counts the failed steps of a section whose title only mentions metrics or metadata, and not the fields of one titled so, as the parser does', () => {
    const text = [
      '## Deployment Metadata',
      '- **Start Time**: 2025-09-02 10:00:00',
      '',
      '## Post-Flight: check metrics dashboards',
      '- [❌] Grafana error-rate panel is green',
      '## Verify instance metadata service',
      '- ⏭️ **IMDSv2 answers**',
      '## 📊 Post-deploy Metrics',
      '- **Downtime**: 45s ❌',
      '## Deployment Metrics (Auto-captured)',
      '- **Success Status**: ❌ Failed',
      ''
    ].join('\n');
    sameRow('2025-09-02-10-00-deployment.md', text);
    assert.notStrictEqual(readTemplateRow(Buffer.from(text, 'utf8'), 'x.md'), null, 'the record left the template path');
    const row = readRecordRow(Buffer.from(text, 'utf8'), 'x.md')!;
    assert.deepStrictEqual(row.failedSteps, ['Grafana error-rate panel is green']);
    assert.deepStrictEqual(row.skippedSteps, ['IMDSv2 answers']);
    assert.strictEqual(row.downtimeSeconds, 45);
  });

  it('counts a filled-in issue whose title is still [TITLE] or empty, untitled, as the parser does, by the template path', () => {
    const [generated] = generateRecords({ count: 1, seed: 47, spanDays: 10 });
    const issue = (heading: string, resolution: string): string[] =>
      [heading, '- **Phase**: Execution', `- **Resolution**: ${resolution}`, '- **Time to Resolve**: 5 minutes', '- **Impact**: Medium', ''];
    const text = [
      generated.text.trimEnd(),
      '',
      '## 🚨 Issues & Resolutions Log',
      ...issue('### Issue #91: [TITLE]', 'terraform force-unlock 1234'),
      ...issue('### Issue #92:', '[PENDING]'),
      '### Issue #93: [TITLE]',
      '- **Phase**: [Pre-flight/Take-off]',
      '- **Resolution**: [How was it resolved?]',
      ''
    ].join('\n');
    sameRow(generated.fileName, text);
    assert.notStrictEqual(readTemplateRow(Buffer.from(text, 'utf8'), generated.fileName), null, 'the record left the template path');
    const before = readRecordRow(Buffer.from(generated.text, 'utf8'), generated.fileName)!;
    const row = readRecordRow(Buffer.from(text, 'utf8'), generated.fileName)!;
    assert.deepStrictEqual(row.issues.slice(before.issues.length).map((i) => [i.title, i.phase, i.resolved, i.timeToResolveSeconds]), [
      ['', 'Execution', true, 300],
      ['', 'Execution', false, 300]
    ]);
    const records = [parseRecord(text, generated.fileName), parseRecord(text.replace(/DEP-[0-9-]+/, 'DEP-2020-01-01-00-00'), 'other.md')];
    const figures = computeAnalytics({ records }, { now: NOW });
    assert.strictEqual(figures.issues.total, 2 * row.issues.length);
    assert.ok(figures.issues.recurringTitles.every((t) => t.name.trim() !== '' && !t.name.includes('[')), 'an untitled issue is no recurring title');
  });

  it('names a record in a subfolder by its path, and takes the start time from a file name', () => {
    const row = readRecordRow(Buffer.from('# Notes only\n\n- ❌ **Deploy**: failed\n'), 'archive/2025-01-02-03-04-deployment.md');
    assert.strictEqual(row?.file, 'archive/2025-01-02-03-04-deployment.md');
    assert.strictEqual(row?.id, 'DEP-2025-01-02-03-04');
    assert.deepStrictEqual(row?.failedSteps, ['Deploy']);
    assert.strictEqual(readRecordRow(Buffer.from('# Notes only\n'), 'notes.md'), undefined);
  });

  it('shows a file whose name holds a backslash by its whole name, as the editor does', () => {
    const name = 'ops\\2025-01-02-03-04-deployment.md';
    for (const text of ['# Notes only\n', generateRecords({ count: 1, seed: 4 })[0].text]) {
      const row = readRecordRow(Buffer.from(text), name);
      assert.strictEqual(row?.file, name);
      const parsed = parseRecord(text, path.posix.basename(name));
      assert.strictEqual(row?.id, parsed.id);
      assert.strictEqual(row?.startMs, parsed.startTime?.epochMs);
    }
  });
});
