import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseRecord } from '../../../src/core/record/recordParser';
import { parseDurationSeconds } from '../../../src/core/record/recordTime';
import type { NewRecordMetadata, ParsedRecord } from '../../../src/core/record/recordTypes';
import { addIssueEdits, applyLineEdits, finishEdits, markPhaseEdits, phaseStarted, renderNewRecord, sameRecordText } from '../../../src/core/record/recordWriter';
import { BUNDLED_TEMPLATE, REAL_WORLD, readFixture } from './fixtures';

const META: NewRecordMetadata = {
  deploymentId: 'DEP-2026-11-21-10-00',
  startTime: '2026-11-21T10:00:00+01:00',
  operator: 'ops-alice',
  environment: 'staging',
  gitBranch: 'release/1.2',
  gitCommit: '0123456789abcdef0123456789abcdef01234567',
  workingTree: 'dirty (3 changed files)',
  previousDeployment: { id: 'DEP-2026-11-20-09-00', commit: 'fedcba9876543210fedcba9876543210fedcba98' },
  toolVersions: [{ tool: 'Terraform', version: 'v1.13.1' }],
  workingDirectory: 'infra/staging'
};

const bundled = () => fs.readFileSync(BUNDLED_TEMPLATE, 'utf8');
const teamTemplate = () => fs.readFileSync(path.join(REAL_WORLD, 'deployment-checklist.md'), 'utf8');
const value = (r: ParsedRecord, key: string) => r.fields.find((f) => f.key === key)?.value;
const phase = (r: ParsedRecord, name: string) => r.phases.find((p) => p.name === name)!;

/** Lines of `before` that are not in the edited ranges must be in `after`, unchanged and in order. */
function assertOtherLinesKept(before: string, after: string, edits: ReturnType<typeof markPhaseEdits>): void {
  const touched = new Set<number>();
  for (const e of edits) {
    for (let i = e.startLine; i < e.endLine; i++) touched.add(i);
  }
  const kept = before.split('\n').filter((_, i) => !touched.has(i));
  const afterLines = after.split('\n');
  let j = 0;
  for (const line of kept) {
    while (j < afterLines.length && afterLines[j] !== line) j++;
    assert.ok(j < afterLines.length, `line kept: ${JSON.stringify(line)}`);
    j++;
  }
}

describe('starting a record', () => {
  it('puts the metadata and metrics first, then the bundled template, and reads back', () => {
    const text = renderNewRecord(bundled(), META);
    assert.ok(text.startsWith('## Deployment Metadata\n\n- **Deployment ID**: DEP-2026-11-21-10-00\n'));
    const r = parseRecord(text, '2026-11-21-10-00-deployment.md');
    assert.strictEqual(r.hasMetadata, true);
    assert.strictEqual(r.id, 'DEP-2026-11-21-10-00');
    assert.strictEqual(r.startTimeSource, 'startTime');
    assert.strictEqual(r.startTime?.offsetMinutes, 60);
    assert.strictEqual(r.operator, 'ops-alice');
    assert.strictEqual(r.environment, 'staging');
    assert.strictEqual(r.branch, 'release/1.2');
    assert.strictEqual(r.commit, META.gitCommit);
    assert.strictEqual(value(r, 'Working Tree'), 'dirty (3 changed files)');
    assert.strictEqual(value(r, 'Previous Deployment'), 'DEP-2026-11-20-09-00 (fedcba9)');
    assert.strictEqual(value(r, 'Terraform Version'), 'v1.13.1');
    assert.strictEqual(value(r, 'Working Directory'), 'infra/staging');
    assert.strictEqual(value(r, 'Success Status'), '🔄 In progress');
    assert.strictEqual(r.outcome, 'inProgress');
    assert.deepStrictEqual(r.phases.map((p) => [p.name, p.start]), [['Planning', undefined], ['Execution', undefined], ['Validation', undefined]]);
    assert.ok(r.fields.filter((f) => /Start$|Duration$|End Time/.test(f.key)).every((f) => f.value === '[PENDING]'));
    assert.strictEqual(r.checklist.length, parseRecord(bundled()).checklist.length);
    assert.ok(text.includes('\n---\n\n# Deployment Checklist 🚀\n'));
    assert.deepStrictEqual(r.problems, []);
  });

  it('renders the team template without counting its unfilled issue examples', () => {
    const r = parseRecord(renderNewRecord(teamTemplate(), { ...META, previousDeployment: undefined, customPhases: ['Smoke Test'] }));
    assert.strictEqual(value(r, 'Previous Deployment'), 'none');
    assert.deepStrictEqual(r.phases.map((p) => p.name), ['Planning', 'Execution', 'Validation', 'Smoke Test']);
    assert.deepStrictEqual(r.issues, []);
    assert.strictEqual(r.checklist.filter((i) => i.section === 'Pre-Flight Checks ✈️').length, 6);
  });

  it('does not duplicate a template\'s own metadata and metrics sections, and keeps CRLF', () => {
    const template = '## Deployment Metadata\r\n\r\n- **Operator**: [AUTO-FILLED]\r\n\r\n## Deployment Metrics\r\n\r\n- **Planning Start**: [AUTO-FILLED]\r\n\r\n---\r\n\r\n# Checklist\r\n\r\n- [ ] step\r\n';
    const text = renderNewRecord(template, META);
    assert.strictEqual(text.match(/## Deployment Metadata/g)?.length, 1);
    assert.strictEqual(text.match(/## Deployment Metrics/g)?.length, 1);
    assert.strictEqual(text.match(/^---/gm)?.length, 1);
    assert.ok(!/[^\r]\n/.test(text), 'every line ends with CRLF');
    assert.strictEqual(parseRecord(text).operator, 'ops-alice');
  });

  it('keeps a template\'s code block that shows a metadata section, reading fences as the parser does', () => {
    const template = ['# Checklist', '', '## How a record starts', '```', '```markdown', '## Deployment Metadata', '- **Operator**: alice', '```', '', '- [ ] step', ''].join('\n');
    const text = renderNewRecord(template, META);
    assert.ok(text.endsWith(template), text);
    assert.strictEqual(parseRecord(text).checklist.length, 1);
  });

  it('keeps a template section whose title only mentions metrics or metadata, and its steps', () => {
    const template = [
      '## Deployment Metrics',
      '- **Planning Start**: [AUTO-FILLED]',
      '',
      '## Verify deployment metrics in Grafana',
      '- [ ] error-rate panel is green',
      '',
      '## Check the deployment metadata service',
      '- [ ] IMDSv2 answers',
      '',
      '## 📊 Post-deploy Metrics',
      '- **Downtime**: [PENDING]',
      ''
    ].join('\n');
    const text = renderNewRecord(template, META);
    assert.ok(text.endsWith(template.slice(template.indexOf('## Verify'))), text);
    const r = parseRecord(text);
    assert.deepStrictEqual(r.checklist.map((i) => i.section), ['Verify deployment metrics in Grafana', 'Check the deployment metadata service']);
    assert.strictEqual(text.match(/^## Deployment Metrics$/gm)?.length, 1);
  });

  it('states a missing branch and commit instead of leaving them empty', () => {
    const r = parseRecord(renderNewRecord(bundled(), { ...META, gitBranch: undefined, gitCommit: undefined, workingTree: 'not a git repository', toolVersions: [] }));
    assert.strictEqual(value(r, 'Git Branch'), 'none');
    assert.strictEqual(value(r, 'Working Tree'), 'not a git repository');
  });
});

describe('marking phases and finishing', () => {
  it('times planning, execution and validation and finishes with every field filled', () => {
    let text = renderNewRecord(bundled(), META);
    const step = (edits: ReturnType<typeof markPhaseEdits>) => {
      const next = applyLineEdits(text, edits);
      assertOtherLinesKept(text, next, edits);
      text = next;
      return parseRecord(text);
    };

    let r = step(markPhaseEdits(text, 'Planning', '2026-11-21T10:01:00+01:00'));
    assert.strictEqual(phase(r, 'Planning').start?.raw, '2026-11-21T10:01:00+01:00');
    assert.strictEqual(value(r, 'Planning Duration'), '[PENDING]');
    assert.ok(phaseStarted(r, 'planning'));
    assert.ok(!phaseStarted(r, 'Execution'));

    r = step(markPhaseEdits(text, 'Execution', '2026-11-21T10:03:30+01:00'));
    assert.strictEqual(value(r, 'Planning Duration'), '2m 30s');
    assert.strictEqual(phase(r, 'Planning').writtenDurationSeconds, 150);
    assert.strictEqual(value(r, 'Execution Start'), '2026-11-21T10:03:30+01:00');

    r = step(markPhaseEdits(text, 'Validation', '2026-11-21T10:33:30+01:00'));
    assert.strictEqual(phase(r, 'Execution').writtenDurationSeconds, 1800);
    assert.strictEqual(r.outcome, 'inProgress');

    r = step(finishEdits(text, 'success', '2026-11-21T11:10:05+01:00', 'all green\nno rollback'));
    assert.strictEqual(value(r, 'Validation Duration'), '36m 35s');
    assert.strictEqual(phase(r, 'Validation').writtenDurationSeconds, 2195);
    assert.strictEqual(value(r, 'End Time'), '2026-11-21T11:10:05+01:00');
    assert.strictEqual(r.endTime?.wall.hour, 11);
    assert.strictEqual(value(r, 'Total Duration'), '1h 10m 05s');
    assert.strictEqual(r.writtenTotalSeconds, 4205);
    assert.strictEqual(value(r, 'Success Status'), '✅ Succeeded');
    assert.strictEqual(r.outcome, 'success');
    assert.strictEqual(r.outcomeNote, 'all green no rollback');
    const keys = r.fields.map((f) => f.key);
    assert.strictEqual(keys.indexOf('Outcome Note'), keys.indexOf('Success Status') + 1);
    for (const f of r.fields.filter((f) => /Duration$/.test(f.key))) {
      assert.ok(parseDurationSeconds(f.value) !== undefined, `${f.key} reads back: ${f.value}`);
    }
    assert.deepStrictEqual(r.problems, []);
  });

  for (const [outcome, status] of [['failed', '❌ Failed'], ['rolledBack', '↩️ Rolled back'], ['aborted', '⏹️ Aborted']] as const) {
    it(`writes ${status} and marks phases that never ran as not started`, () => {
      let text = renderNewRecord(bundled(), META);
      text = applyLineEdits(text, markPhaseEdits(text, 'Execution', '2026-11-21T10:05:00+01:00'));
      const r = parseRecord(applyLineEdits(text, finishEdits(text, outcome, '2026-11-21T10:06:00+01:00')));
      assert.strictEqual(value(r, 'Success Status'), status);
      assert.strictEqual(r.outcome, outcome);
      assert.strictEqual(value(r, 'Execution Duration'), '1m 00s');
      assert.strictEqual(value(r, 'Planning Start'), 'not started');
      assert.strictEqual(phase(r, 'Planning').start, undefined);
      assert.strictEqual(r.outcomeNote, undefined);
      assert.deepStrictEqual(r.problems, []);
    });
  }

  it('restarts a phase that is marked again, closing the phase that was running', () => {
    let text = renderNewRecord(bundled(), META);
    text = applyLineEdits(text, markPhaseEdits(text, 'Execution', '2026-11-21T10:05:00+01:00'));
    text = applyLineEdits(text, markPhaseEdits(text, 'Validation', '2026-11-21T10:15:00+01:00'));
    assert.ok(phaseStarted(parseRecord(text), 'Execution'));
    const r = parseRecord(applyLineEdits(text, markPhaseEdits(text, 'Execution', '2026-11-21T10:20:00+01:00')));
    assert.strictEqual(value(r, 'Execution Start'), '2026-11-21T10:20:00+01:00');
    assert.strictEqual(value(r, 'Execution Duration'), '[PENDING]');
    assert.strictEqual(value(r, 'Validation Duration'), '5m 00s');
  });

  it('adds the fields of a custom phase after the standard ones and times it', () => {
    let text = renderNewRecord(bundled(), META);
    text = applyLineEdits(text, markPhaseEdits(text, 'Validation', '2026-11-21T10:05:00+01:00'));
    text = applyLineEdits(text, markPhaseEdits(text, 'Smoke Test', '2026-11-21T10:07:00+01:00'));
    let r = parseRecord(text);
    const keys = r.fields.map((f) => f.key);
    assert.deepStrictEqual(keys.slice(keys.indexOf('Validation Duration'), keys.indexOf('End Time') + 1), [
      'Validation Duration',
      'Smoke Test Start',
      'Smoke Test Duration',
      'End Time'
    ]);
    assert.strictEqual(value(r, 'Validation Duration'), '2m 00s');
    r = parseRecord(applyLineEdits(text, finishEdits(text, 'success', '2026-11-21T10:08:15+01:00')));
    assert.strictEqual(phase(r, 'Smoke Test').writtenDurationSeconds, 75);
  });

  it('marks phases on the hand-written record 2025-09-05-18-46 without touching anything else', () => {
    const text = readFixture('2025-09-05-18-46-deployment.md');
    const edits = markPhaseEdits(text, 'Validation', '2025-09-05 19:30:00');
    const after = applyLineEdits(text, edits);
    assert.deepStrictEqual(edits.map((e) => [e.startLine, e.endLine]), [[42, 43], [43, 44], [44, 45]]);
    assertOtherLinesKept(text, after, edits);
    const r = parseRecord(after);
    assert.strictEqual(phase(r, 'Execution').writtenDurationSeconds, 38 * 60);
    assert.strictEqual(phase(r, 'Validation').start?.raw, '2025-09-05 19:30:00');
    assert.strictEqual(after.split('\n').length, text.split('\n').length);
  });

  it('finishes the hand-written record, timing the running phase and leaving Validation as not started', () => {
    const text = readFixture('2025-09-05-18-46-deployment.md');
    const r = parseRecord(applyLineEdits(text, finishEdits(text, 'failed', '2025-09-05 19:52:00', 'SSH agent bridge missing')));
    assert.strictEqual(phase(r, 'Planning').writtenDurationSeconds, 120, 'a written duration of an earlier phase is kept');
    assert.strictEqual(phase(r, 'Execution').writtenDurationSeconds, 60 * 60);
    assert.strictEqual(value(r, 'Validation Start'), 'not started');
    assert.strictEqual(r.writtenTotalSeconds, 65 * 60 + 52);
    assert.strictEqual(r.outcome, 'failed');
    assert.strictEqual(r.outcomeNote, 'SSH agent bridge missing');
  });

  it('adds a metrics section to the early record that has only metadata', () => {
    const text = readFixture('2025-08-31-03-33-deployment.md');
    const after = applyLineEdits(text, markPhaseEdits(text, 'Planning', '2025-08-31 03:40:00'));
    const r = parseRecord(after);
    assert.strictEqual(phase(r, 'Planning').start?.raw, '2025-08-31 03:40:00');
    assert.strictEqual(r.checklist.length, 18);
    assert.ok(after.includes('- **Target**: jump-man (192.168.10.250)\n\n## Deployment Metrics\n\n- **Planning Start**: 2025-08-31 03:40:00\n- **Planning Duration**: [PENDING]\n\n---\n'));
    const finished = parseRecord(applyLineEdits(after, finishEdits(after, 'success', '2025-08-31 04:00:00')));
    assert.strictEqual(finished.outcome, 'success');
    assert.strictEqual(finished.writtenTotalSeconds, 26 * 60 + 26);
    assert.strictEqual(finished.phases[0].writtenDurationSeconds, 20 * 60);
  });

  it('adds metrics at the top of a template copy without metadata', () => {
    const text = readFixture('2025-09-05-18-38-deployment.md');
    const after = applyLineEdits(text, markPhaseEdits(text, 'Planning', '2025-09-05 18:40:00'));
    assert.ok(after.startsWith('## Deployment Metrics\n\n- **Planning Start**: 2025-09-05 18:40:00\n- **Planning Duration**: [PENDING]\n\n---\n\n# Jump-Man'));
    assert.ok(after.endsWith(text));
  });

  it('keeps CRLF line endings and a BOM, and edits them like the LF original', () => {
    const lf = renderNewRecord(bundled(), META);
    const crlf = `\uFEFF${lf.replace(/\n/g, '\r\n')}`;
    const at = '2026-11-21T10:01:00+01:00';
    const fromLf = applyLineEdits(lf, markPhaseEdits(lf, 'Planning', at));
    const fromCrlf = applyLineEdits(crlf, markPhaseEdits(crlf, 'Planning', at));
    assert.strictEqual(fromCrlf, `\uFEFF${fromLf.replace(/\n/g, '\r\n')}`);
    const finished = applyLineEdits(fromCrlf, finishEdits(fromCrlf, 'success', '2026-11-21T10:02:00+01:00', 'ok'));
    assert.ok(!/[^\r]\n/.test(finished));
    assert.strictEqual(parseRecord(finished).outcome, 'success');
  });

  it('fills the metrics fields once after an <hr> line before the metrics, and the record reads as finished', () => {
    const text = renderNewRecord(bundled(), META).replace('\n## Deployment Metrics\n\n', '\n<hr>\n## Deployment Metrics\n');
    assert.match(text, /^<hr>\n## Deployment Metrics\n- \*\*Planning Start\*\*/m);
    const once = applyLineEdits(text, finishEdits(text, 'success', '2026-11-21T10:30:00+01:00'));
    const twice = applyLineEdits(once, finishEdits(once, 'success', '2026-11-21T10:31:00+01:00'));
    for (const finished of [once, twice]) {
      assert.strictEqual(finished.match(/^- \*\*End Time\*\*:/gm)?.length, 1);
      assert.strictEqual(finished.match(/^- \*\*Success Status\*\*:/gm)?.length, 1);
      assert.strictEqual(finished.split('\n').length, text.split('\n').length);
    }
    const r = parseRecord(once);
    assert.strictEqual(r.outcome, 'success');
    assert.strictEqual(value(r, 'End Time'), '2026-11-21T10:30:00+01:00');
  });

  it('reads code blocks as the parser does: a heading after a ```bash line inside a block is code', () => {
    const text = [
      '## Deployment Metadata',
      '- **Start Time**: 2026-11-21T10:00:00+01:00',
      '',
      '## Notes',
      '```',
      'To run the checks:',
      '```bash',
      '## Deployment Metrics',
      '```',
      '',
      '- [ ] step',
      ''
    ].join('\n');
    const marked = applyLineEdits(text, markPhaseEdits(text, 'Planning', '2026-11-21T10:01:00+01:00'));
    let r = parseRecord(marked);
    assert.strictEqual(phase(r, 'Planning').start?.raw, '2026-11-21T10:01:00+01:00');
    assert.ok(marked.includes('- **Start Time**: 2026-11-21T10:00:00+01:00\n\n## Deployment Metrics\n\n- **Planning Start**'));
    r = parseRecord(applyLineEdits(marked, finishEdits(marked, 'success', '2026-11-21T10:02:00+01:00')));
    assert.strictEqual(r.outcome, 'success');
    assert.strictEqual(value(r, 'Total Duration'), '2m 00s');
    assert.deepStrictEqual(r.problems, []);
  });

  it('ignores a phase mark or finish with an unreadable time', () => {
    const text = renderNewRecord(bundled(), META);
    assert.deepStrictEqual(markPhaseEdits(text, 'Planning', 'now'), []);
    assert.deepStrictEqual(finishEdits(text, 'success', ''), []);
  });
});

describe('adding issues', () => {
  const issue = { title: 'DNS not propagated', phase: 'Validation', impact: 'High' as const, description: 'health check fails\nfrom outside' };

  it('adds a new Issues log before the Lessons Learned section, not before a section that only mentions lessons learned', () => {
    const text = ['## Pre-Flight: apply lessons learned from DEP-2025-09-01', '- [x] **Backups verified**', '', '## Lessons learned', '- [ ] **HIGH** follow-up', ''].join('\n');
    const lines = applyLineEdits(text, addIssueEdits(text, issue, '2026-11-21T10:03:00+01:00')).split('\n');
    assert.ok(lines.indexOf('## 🚨 Issues & Resolutions Log') > lines.indexOf('- [x] **Backups verified**'));
    assert.ok(lines.indexOf('## 🚨 Issues & Resolutions Log') < lines.indexOf('## Lessons learned'));
  });

  it('numbers the next issue after the highest one in 2025-09-05-18-46 (#6) and appends it to the log', () => {
    const text = readFixture('2025-09-05-18-46-deployment.md');
    const edits = addIssueEdits(text, issue, '2025-09-05T19:55:00+02:00');
    assert.strictEqual(edits.length, 1);
    assert.strictEqual(edits[0].startLine, edits[0].endLine, 'a pure insertion');
    const after = applyLineEdits(text, edits);
    assertOtherLinesKept(text, after, edits);
    assert.ok(after.includes('- **Prevention**: Document SSH setup requirements in infrastructure prerequisites\n\n### Issue #6: DNS not propagated\n'));
    assert.ok(after.includes('- **Prevention**: [To be documented]\n\n---\n\n## 📚 Lessons Learned'));
    const r = parseRecord(after);
    assert.deepStrictEqual(r.issues.map((i) => i.number), [1, 5, 2, 3, 4, 6]);
    const six = r.issues[5];
    assert.deepStrictEqual([six.title, six.phase, six.impact, six.time, six.resolved], ['DNS not propagated', 'Validation', 'High', '2025-09-05T19:55:00+02:00', false]);
    assert.ok(after.includes('- **Description**: health check fails from outside\n'));
  });

  it('fills the team template\'s example issues in turn instead of leaving them above', () => {
    let text = renderNewRecord(teamTemplate(), META);
    text = applyLineEdits(text, addIssueEdits(text, issue, '2026-11-21T10:30:00+01:00'));
    let r = parseRecord(text);
    assert.deepStrictEqual(r.issues.map((i) => [i.number, i.title]), [[1, 'DNS not propagated']]);
    assert.ok(!text.includes('### Issue #1: [TITLE]'));
    assert.ok(text.includes('### Issue #2: [TITLE]'));
    text = applyLineEdits(text, addIssueEdits(text, { ...issue, title: 'Cache cold', impact: 'Low' }, '2026-11-21T10:40:00+01:00'));
    r = parseRecord(text);
    assert.deepStrictEqual(r.issues.map((i) => [i.number, i.title, i.impact]), [[1, 'DNS not propagated', 'High'], [2, 'Cache cold', 'Low']]);
    assert.ok(text.includes('*Add more issues as needed...*'));
    text = applyLineEdits(text, addIssueEdits(text, { ...issue, title: 'Third' }, '2026-11-21T10:50:00+01:00'));
    assert.deepStrictEqual(parseRecord(text).issues.map((i) => i.number), [1, 2, 3]);
  });

  it('starts with Issue #1 in the bundled template\'s empty log', () => {
    const text = renderNewRecord(bundled(), META);
    const after = applyLineEdits(text, addIssueEdits(text, issue, '2026-11-21T10:30:00+01:00'));
    assert.ok(after.includes('*Add issues with "Deployment: Add Issue to Deployment".*\n\n### Issue #1: DNS not propagated\n'));
    assert.deepStrictEqual(parseRecord(after).issues.map((i) => i.number), [1]);
  });

  it('leaves a fenced example in the log alone and appends after the logged issue', () => {
    const text = [
      '## 🚨 Issues & Resolutions Log',
      '',
      'Log each issue in this form:',
      '```markdown',
      '### Issue #1: [TITLE]',
      '- **Phase**: [Pre-flight/Take-off]',
      '```',
      '',
      '### Issue #1: Disk full on runner',
      '- **Phase**: Execution',
      '- **Resolution**: cleaned /tmp',
      '- **Impact**: Low',
      ''
    ].join('\n');
    const edits = addIssueEdits(text, { ...issue, title: 'Second' }, '2026-11-21T10:03:00+01:00');
    const after = applyLineEdits(text, edits);
    assertOtherLinesKept(text, after, edits);
    assert.ok(after.startsWith(text.replace(/\n$/, '')), 'every line of the record is still there, in place');
    assert.ok(after.includes('- **Impact**: Low\n\n### Issue #2: Second\n'));
    const r = parseRecord(after);
    assert.deepStrictEqual(r.issues.map((i) => [i.number, i.title]), [[1, 'Disk full on runner'], [2, 'Second']]);
    assert.deepStrictEqual(r.problems, []);
  });

  it('replaces a template example whose field holds a fenced block, up to the block\'s own end', () => {
    const text = [
      '## Issues & Resolutions Log',
      '',
      '### Issue #1: [TITLE]',
      '- **Phase**: [Pre-flight/Take-off]',
      '- **Error/Symptoms**:',
      '  ```',
      '  ```text',
      '  [Paste error messages]',
      '  ```',
      '- **Resolution**: [How was it resolved?]',
      '',
      '## Lessons Learned',
      '- note',
      ''
    ].join('\n');
    const after = applyLineEdits(text, addIssueEdits(text, issue, '2026-11-21T10:03:00+01:00'));
    const r = parseRecord(after);
    assert.deepStrictEqual(r.issues.map((i) => [i.number, i.title]), [[1, 'DNS not propagated']]);
    assert.ok(!after.includes('[Paste error messages]'));
    assert.ok(after.includes('- **Prevention**: [To be documented]\n\n## Lessons Learned\n- note\n'));
    assert.deepStrictEqual(r.problems, []);
  });

  for (const heading of ['### Issue #1: [TITLE]', '### Issue #1:']) {
    it(`keeps a filled-in issue headed ${JSON.stringify(heading)} and adds the new one after it as #2`, () => {
      const text = [
        '## 🚨 Issues & Resolutions Log',
        '',
        heading,
        '- **Phase**: Execution',
        '- **Description**: state lock held by a crashed run',
        '- **Resolution**: terraform force-unlock 1234',
        '- **Time to Resolve**: 5 minutes',
        '- **Impact**: Medium',
        ''
      ].join('\n');
      const edits = addIssueEdits(text, { ...issue, title: 'Second issue' }, '2026-11-21T10:03:00+01:00');
      const after = applyLineEdits(text, edits);
      assert.ok(after.startsWith(text.replace(/\n$/, '')), 'the filled-in issue is kept as it was');
      assert.ok(after.includes('- **Impact**: Medium\n\n### Issue #2: Second issue\n'));
      assert.deepStrictEqual(parseRecord(after).issues.map((i) => [i.number, i.title, i.resolved]), [[1, '', true], [2, 'Second issue', false]]);
    });
  }

  it('replaces only a block that holds nothing but placeholders: a note or a pasted error keeps it', () => {
    const example = ['### Issue #1: [TITLE]', '- **Phase**: [Pre-flight/Take-off]', '- **Error/Symptoms**:', '  ```', '  [Paste error messages]', '  ```', '- **Resolution**: **[PENDING]**', '- **Impact**:'];
    const log = (block: string[]): string => ['## Issues & Resolutions Log', '', ...block, ''].join('\n');
    const untouched = log(example);
    const replaced = applyLineEdits(untouched, addIssueEdits(untouched, issue, '2026-11-21T10:03:00+01:00'));
    assert.ok(!replaced.includes('[TITLE]'), 'the unfilled example is replaced');
    for (const written of [
      example.map((l) => l.replace('[Paste error messages]', 'Error acquiring the state lock')),
      [...example, '  - tried terraform refresh first'],
      example.map((l) => l.replace('**[PENDING]**', 'Pending: vendor ticket 4411'))
    ]) {
      const text = log(written);
      const after = applyLineEdits(text, addIssueEdits(text, issue, '2026-11-21T10:03:00+01:00'));
      assert.ok(after.startsWith(text.replace(/\n$/, '')), `kept:\n${text}`);
      assert.match(after, /\n### Issue #2: DNS not propagated\n/);
    }
  });

  it('creates the log when a record has none', () => {
    const text = readFixture('2025-08-31-03-33-deployment.md');
    const after = applyLineEdits(text, addIssueEdits(text, issue, '2025-08-31T03:50:00+02:00'));
    assert.ok(after.startsWith(text.replace(/\n$/, '')));
    const r = parseRecord(after);
    // The issue the team wrote under `## Pilot notes` has no number, so the new one is still #1.
    assert.deepStrictEqual(r.issues.map((i) => [i.number, i.impact]), [[0, undefined], [1, 'High']]);
  });
});

describe('applying line edits', () => {
  it('replaces, inserts and keeps a missing final newline missing', () => {
    assert.strictEqual(applyLineEdits('a\nb\nc', [{ startLine: 1, endLine: 2, lines: ['B'] }]), 'a\nB\nc');
    assert.strictEqual(applyLineEdits('a\r\nb\r\n', [{ startLine: 1, endLine: 1, lines: ['x', 'y'] }]), 'a\r\nx\r\ny\r\nb\r\n');
    assert.strictEqual(applyLineEdits('a\nb', [{ startLine: 1, endLine: 2, lines: ['b', 'c'] }]), 'a\nb\nc');
    assert.strictEqual(applyLineEdits('a\nb\n', [{ startLine: 0, endLine: 1, lines: [] }]), 'b\n');
  });
});

describe('a record read from its file and the same record in an editor', () => {
  it('is the same text when only the byte order mark differs, as VS Code leaves it out of an open document', () => {
    const file = `\uFEFF${renderNewRecord(bundled(), META).replace(/\n/g, '\r\n')}`;
    const editor = file.slice(1);
    assert.ok(sameRecordText(editor, file));
    assert.ok(sameRecordText(file, editor));
    assert.ok(sameRecordText(file, file));
    assert.ok(!sameRecordText(editor, file.replace('[PENDING]', '[PENDING] ')), 'a real change is still a change');
    assert.ok(!sameRecordText(`\uFEFF${file}`, editor), 'only one mark is dropped');
    assert.ok(!sameRecordText('\uFEFF', 'x'));
  });

  it('takes the edits computed on the file\'s text line for line, and the file keeps its mark', () => {
    const file = `\uFEFF${renderNewRecord(bundled(), META)}`;
    const edits = markPhaseEdits(file, 'Planning', '2026-11-21T10:01:00+01:00');
    assert.strictEqual(`\uFEFF${applyLineEdits(file.slice(1), edits)}`, applyLineEdits(file, edits));
    assert.ok(applyLineEdits(file, edits).startsWith('\uFEFF## Deployment Metadata\n'));
  });
});
