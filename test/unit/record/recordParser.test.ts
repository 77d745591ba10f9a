import * as assert from 'assert';
import * as fs from 'fs';
import { nextStep } from '../../../src/core/record/nextPhase';
import { parseOutcome, parseRecord, PHASES } from '../../../src/core/record/recordParser';
import { classifyRecordFile } from '../../../src/core/record/recordFiles';
import { renderNewRecord } from '../../../src/core/record/recordWriter';
import { BUNDLED_TEMPLATE, CHECKLISTS, readFixture } from './fixtures';

describe('reading the real-world records', () => {
  it('reads the long hand-written record 2025-09-05-18-46 with its phases, checklist and issues', () => {
    const r = parseRecord(readFixture('2025-09-05-18-46-deployment.md'), '2025-09-05-18-46-deployment.md');
    assert.strictEqual(r.id, 'DEP-2025-09-05-18-46');
    assert.strictEqual(r.hasMetadata, true);
    assert.strictEqual(r.operator, 'basher83');
    assert.strictEqual(r.environment, 'development');
    assert.strictEqual(r.branch, 'main');
    assert.strictEqual(r.commit, 'c4ced32f4d979147941a2b9205abc78efcdb70ee');
    assert.strictEqual(r.startTimeSource, 'startTime');
    assert.strictEqual(r.startTime?.raw, '2025-09-05 18:46:08');
    assert.strictEqual(r.outcome, 'inProgress');
    assert.strictEqual(r.writtenTotalSeconds, 37 * 60);

    assert.deepStrictEqual(r.phases.map((p) => p.name), [...PHASES]);
    const [planning, execution, validation] = r.phases;
    assert.deepStrictEqual(planning.start?.wall, { year: 2025, month: 9, day: 5, hour: 18, minute: 50, second: 43 });
    assert.strictEqual(planning.writtenDurationSeconds, 120);
    assert.deepStrictEqual(execution.start?.wall, { year: 2025, month: 9, day: 5, hour: 18, minute: 52, second: 0 });
    assert.strictEqual(execution.writtenDurationSeconds, 37 * 60);
    assert.strictEqual(validation.start, undefined, 'Validation Start is a [PENDING - …] placeholder');
    assert.strictEqual(validation.writtenDurationSeconds, undefined);
    assert.strictEqual(validation.startLine, 43);

    const blocked = r.checklist.filter((i) => i.status === 'blocked');
    assert.deepStrictEqual(blocked.map((i) => i.label), ['Deploy infrastructure']);
    assert.strictEqual(blocked[0].section, 'Take-Off 🛫');
    assert.strictEqual(r.checklist.filter((i) => i.status === 'done').length, 6);
    assert.ok(r.checklist.every((i) => i.section !== 'Deployment Metrics (Auto-captured)'), 'metric fields with ✅ are not steps');

    assert.deepStrictEqual(r.issues.map((i) => i.number), [1, 5, 2, 3, 4]);
    const five = r.issues.find((i) => i.number === 5)!;
    assert.strictEqual(five.title, 'WSL SSH Agent Bridge Missing');
    assert.strictEqual(five.impact, 'High');
    assert.strictEqual(five.phase, 'Take-off');
    assert.strictEqual(five.time, '19:49');
    assert.strictEqual(five.resolved, false);
    const one = r.issues.find((i) => i.number === 1)!;
    assert.strictEqual(one.resolved, true);
    assert.strictEqual(one.timeToResolveSeconds, 300);
    assert.strictEqual(one.impact, 'Low');
    assert.strictEqual(r.issues.find((i) => i.number === 3)?.impact, 'Medium');
    assert.strictEqual(r.issues.find((i) => i.number === 4)?.resolved, false);
    assert.deepStrictEqual(r.problems, []);
  });

  it('reads the early record 2025-08-31 with a Date, emoji markers and an empty `[]` box', () => {
    const r = parseRecord(readFixture('2025-08-31-03-33-deployment.md'), '2025-08-31-03-33-deployment.md');
    assert.strictEqual(r.startTimeSource, 'date');
    assert.deepStrictEqual(r.startTime?.wall, { year: 2025, month: 8, day: 31, hour: 3, minute: 33, second: 34 });
    assert.strictEqual(r.id, 'DEP-2025-08-31-03-33');
    assert.strictEqual(r.operator, 'basher8383');
    assert.strictEqual(r.environment, 'production');
    assert.strictEqual(r.hasMetadata, true);
    assert.strictEqual(r.outcome, 'inProgress');
    const done = r.checklist.filter((i) => i.status === 'done');
    assert.strictEqual(done.length, 6);
    assert.strictEqual(done[0].label, 'Environment variables loaded');
    const deploy = r.checklist.find((i) => i.label === 'Deploy infrastructure')!;
    assert.strictEqual(deploy.status, 'pending');
    assert.strictEqual(deploy.text, '**Deploy infrastructure**: `mise run prod-apply`');
    assert.strictEqual(r.checklist.length, 18);
    assert.deepStrictEqual(r.phases, []);
  });

  it('reads the freshly started record 2025-09-05-18-41 with every placeholder unfilled', () => {
    const r = parseRecord(readFixture('2025-09-05-18-41-deployment.md'), '2025-09-05-18-41-deployment.md');
    assert.strictEqual(r.id, 'DEP-2025-09-05-18-41');
    assert.strictEqual(r.startTime?.raw, '2025-09-05 18:41:13');
    assert.strictEqual(r.outcome, 'inProgress');
    assert.strictEqual(r.endTime, undefined);
    assert.strictEqual(r.writtenTotalSeconds, undefined);
    assert.deepStrictEqual(r.phases.map((p) => [p.name, p.start, p.writtenDurationSeconds]), [
      ['Planning', undefined, undefined],
      ['Execution', undefined, undefined],
      ['Validation', undefined, undefined]
    ]);
    const metrics = r.fields.filter((f) => f.section === 'Deployment Metrics (Auto-captured)');
    assert.strictEqual(metrics.length, 8);
    assert.ok(metrics.every((f) => f.placeholder && f.value === '[AUTO-FILLED]'));
    assert.strictEqual(r.fields.find((f) => f.key === 'Terraform Version')?.value, 'v1.13.1');
    assert.ok(r.checklist.every((i) => i.status === 'pending'));
    assert.deepStrictEqual(r.problems, []);
  });

  for (const minute of ['38', '39', '43', '44']) {
    it(`takes the start time of the metadata-less template copy 18-${minute} from its file name`, () => {
      const name = `2025-09-05-18-${minute}-deployment.md`;
      const r = parseRecord(readFixture(name), name);
      assert.strictEqual(r.hasMetadata, false);
      assert.strictEqual(r.startTimeSource, 'fileName');
      assert.deepStrictEqual(r.startTime?.wall, { year: 2025, month: 9, day: 5, hour: 18, minute: Number(minute), second: 0 });
      assert.strictEqual(r.id, `DEP-2025-09-05-18-${minute}`);
      assert.strictEqual(r.outcome, 'inProgress');
      assert.strictEqual(r.operator, undefined);
      assert.strictEqual(r.checklist.length, 18);
      assert.strictEqual(r.fields.length, 0);
    });
  }

  it('skips the .bak backup and the .gitkeep note with a reason, and reads every other file', () => {
    const verdicts = new Map<string, string>();
    for (const name of fs.readdirSync(CHECKLISTS)) {
      const bytes = fs.readFileSync(`${CHECKLISTS}/${name}`);
      const verdict = classifyRecordFile(name, bytes, bytes.length);
      verdicts.set(name, verdict.kind === 'skip' ? verdict.reason : 'record');
      if (verdict.kind === 'record') {
        const r = parseRecord(bytes.toString('utf8'), name);
        assert.ok(r.startTime, `${name} has a start time`);
        assert.ok(r.checklist.length > 0, `${name} has checklist items`);
      }
    }
    assert.match(verdicts.get('2025-09-05-18-46-deployment.md.bak')!, /backup/);
    assert.match(verdicts.get('.gitkeep')!, /hidden/);
    assert.strictEqual([...verdicts.values()].filter((v) => v === 'record').length, 7);
  });

  it('reads CRLF and BOM variants of every record exactly like the original', () => {
    for (const name of fs.readdirSync(CHECKLISTS).filter((n) => n.endsWith('.md'))) {
      const text = readFixture(name);
      const expected = parseRecord(text, name);
      assert.deepStrictEqual(parseRecord(text.replace(/\n/g, '\r\n'), name), expected, `${name} with CRLF`);
      assert.deepStrictEqual(parseRecord(`\uFEFF${text}`, name), expected, `${name} with a BOM`);
      assert.deepStrictEqual(parseRecord(`\uFEFF${text.replace(/\n/g, '\r\n')}`, name), expected, `${name} with both`);
    }
  });
});

describe('reading a written Success Status', () => {
  // What a careful reader makes of each status, including the forms QA found read as successes.
  const table: ReadonlyArray<readonly [string, string]> = [
    // The forms the extension writes and the fixtures use.
    ['✅ Succeeded', 'success'],
    ['❌ Failed', 'failed'],
    ['↩️ Rolled back', 'rolledBack'],
    ['⏹️ Aborted', 'aborted'],
    ['🔄 In progress', 'inProgress'],
    ['🚧 **IN PROGRESS** - Blocked on SSH authentication', 'inProgress'],
    ['✅ Success', 'success'],
    ['✅', 'success'],
    ['❌', 'failed'],
    ['↩️', 'rolledBack'],
    ['⏹️', 'aborted'],
    ['🔄', 'inProgress'],
    ['🚧', 'inProgress'],
    ['In progress', 'inProgress'],
    ['rolled-back', 'rolledBack'],
    ['Rollback done', 'rolledBack'],
    ['Rolled back after failed checks', 'rolledBack'],
    ['Cancelled', 'aborted'],
    ['pending', 'inProgress'],
    ['incomplete', 'inProgress'],
    ['[AUTO-FILLED]', 'inProgress'],
    ['', 'inProgress'],
    // Finished words agree with each other.
    ['Completed', 'success'],
    ['Done', 'success'],
    ['Finished', 'success'],
    ['**Successful**', 'success'],
    ['Completed successfully', 'success'],
    // Negated success is a failure; not yet done is still running.
    ['Not successful', 'failed'],
    ['Unsuccessful', 'failed'],
    ['No', 'failed'],
    ['no.', 'failed'],
    ['Not completed', 'failed'],
    ['Not done', 'failed'],
    ['Not finished', 'failed'],
    ['did not succeed', 'failed'],
    ["Didn't succeed", 'failed'],
    ['Didn\u2019t complete', 'failed'],
    ['Was not fully successful', 'failed'],
    ['Never completed', 'failed'],
    ['Non-successful', 'failed'],
    ['No success', 'failed'],
    ['Not yet done', 'inProgress'],
    ['Not done yet', 'inProgress'],
    ['Yet to be completed', 'inProgress'],
    // A question in the status is answered by what follows it.
    ['Success? No - failed at execution', 'failed'],
    ['Success? No', 'failed'],
    ['Success? Yes', 'success'],
    ['Succeeded? yes, after a retry', 'success'],
    ['Rolled back? Yes', 'rolledBack'],
    ['Success?', 'inProgress'],
    // A partial success is not a success.
    ['Partial success', 'failed'],
    ['Partially successful', 'failed'],
    ['Partly done', 'failed'],
    ['✅ Partial success', 'failed'],
    ['✅ Not fully done', 'failed'],
    ['Partial rollback', 'rolledBack'],
    // A negated failure, rollback or abort says nothing by itself and leaves the rest to decide.
    ['Succeeded - no rollback needed', 'success'],
    ['No rollback, all done', 'success'],
    ['Not rolled back', 'inProgress'],
    ['Failed, not rolled back', 'failed'],
    // A keyword inside a longer word does not count.
    ['Fail-over completed', 'success'],
    ['successor pending', 'inProgress'],
    ['Undone', 'inProgress'],
    // A rollback or an abort anywhere outranks a success word (QA: these read as successes).
    ['Successfully rolled back to v1.4', 'rolledBack'],
    ['Completed rollback', 'rolledBack'],
    ['✅ Rolled back cleanly', 'rolledBack'],
    ['Successfully aborted', 'aborted'],
    ['Done - cancelled by the change manager', 'aborted'],
    // ...unless it is said not to have happened, or names a plan.
    ['Success, rollback not needed', 'success'],
    ['Rollback not required - completed', 'success'],
    ['Succeeded, rollback plan unused', 'success'],
    ['Completed, no steps aborted', 'success'],
    // A failure reported with a success makes it a failure (QA: these read as successes).
    ['Completed with errors', 'failed'],
    ['Completed with failures', 'failed'],
    ['Success with 2 failed health checks', 'failed'],
    ['✅ Completed with errors', 'failed'],
    ['Completed, but the smoke test failed', 'failed'],
    ['Succeeded partially', 'failed'],
    ['Completed (partially)', 'failed'],
    ['Done, not fully successful', 'failed'],
    ['Success? Yes, with errors', 'failed'],
    // ...unless its count is nothing, or it was overcome.
    ['✅ Succeeded', 'success'],
    ['Succeeded (0 failures)', 'success'],
    ['SUCCESS - no errors', 'success'],
    ['Completed without errors', 'success'],
    ['Completed with zero errors', 'success'],
    ['Succeeded (failures: 0)', 'success'],
    ['Completed error-free', 'success'],
    ['Succeeded after 2 failed attempts', 'success'],
    ['Succeeded on retry (first attempt failed)', 'success'],
    ['Succeeded after a retry, but with errors', 'failed'],
    // A failure or rollback that did not happen says nothing before a success word either.
    ['0 failures - success', 'success'],
    ['No errors, completed', 'success'],
    ['Failed, rolled back', 'failed']
  ];

  it('reads each written status as a careful reader would', () => {
    const wrong = table
      .map(([value, expected]) => [value, expected, parseOutcome(value)] as const)
      .filter(([, expected, actual]) => actual !== expected)
      .map(([value, expected, actual]) => `${JSON.stringify(value)}: ${actual}, expected ${expected}`);
    assert.deepStrictEqual(wrong, []);
  });

  it('reads each status the same way inside a record', () => {
    for (const [value, expected] of table) {
      const r = parseRecord(`## Deployment Metrics\n\n- **Success Status**: ${value}\n`);
      assert.strictEqual(r.outcome, expected, value);
    }
  });

  it('reads any text without throwing, and a long hostile status quickly', () => {
    const started = Date.now();
    for (const value of [undefined, '?', '? no', 'no no no no not not', "'", 'not ', '\u2019t', 'yes?', '-', 'a-', '✅ not', 'not '.repeat(50_000) + 'done', 'in '.repeat(50_000), '?'.repeat(100_000)]) {
      assert.strictEqual(typeof parseOutcome(value), 'string');
    }
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });
});

describe('reading records in general', () => {
  it('reads every outcome marker and word', () => {
    const cases: Array<[string, string]> = [
      ['✅ Succeeded', 'success'],
      ['Success', 'success'],
      ['complete', 'success'],
      ['❌ Failed', 'failed'],
      ['failed', 'failed'],
      ['↩️ Rolled back', 'rolledBack'],
      ['rollback done', 'rolledBack'],
      ['⏹️ Aborted', 'aborted'],
      ['🚧 **IN PROGRESS** - Blocked on SSH authentication', 'inProgress'],
      ['🔄 In progress', 'inProgress'],
      ['[AUTO-FILLED]', 'inProgress'],
      ['[PENDING]', 'inProgress'],
      ['incomplete', 'inProgress'],
      ['Rolled back after failed checks', 'rolledBack']
    ];
    for (const [value, outcome] of cases) {
      const r = parseRecord(`## Deployment Metrics\n\n- **Success Status**: ${value}\n`);
      assert.strictEqual(r.outcome, outcome, value);
    }
    assert.strictEqual(parseRecord('# nothing').outcome, 'inProgress');
  });

  it('ignores headings and items inside code blocks', () => {
    const r = parseRecord('## Steps\n\n```bash\n# Check VM status\n- [x] not an item\n```\n- [ ] real item\n');
    assert.strictEqual(r.checklist.length, 1);
    assert.strictEqual(r.checklist[0].section, 'Steps');
  });

  it('reads custom phases, end time, note and analytics fields from the metrics', () => {
    const r = parseRecord(
      [
        '## Deployment Metadata',
        '- **Deployment ID**: DEP-2026-01-02-03-04-2',
        '- **Start Time**: 2026-01-02T03:04:05+01:00',
        '## Deployment Metrics',
        '- **Smoke Test Start**: 2026-01-02T03:10:00+01:00',
        '- **Smoke Test Duration**: 1m 30s',
        '- **End Time**: 2026-01-02T03:20:00+01:00',
        '- **Total Duration**: 15m 55s',
        '- **Success Status**: ❌ Failed',
        '- **Outcome Note**: health check red',
        '- **Downtime**: 2m',
        '- **Health Check**: failed'
      ].join('\n')
    );
    assert.strictEqual(r.id, 'DEP-2026-01-02-03-04-2');
    assert.strictEqual(r.startTime?.offsetMinutes, 60);
    assert.deepStrictEqual(r.phases.map((p) => [p.name, p.writtenDurationSeconds]), [['Smoke Test', 90]]);
    assert.strictEqual(r.endTime?.wall.minute, 20);
    assert.strictEqual(r.writtenTotalSeconds, 955);
    assert.strictEqual(r.outcome, 'failed');
    assert.strictEqual(r.outcomeNote, 'health check red');
    assert.strictEqual(r.fields.find((f) => f.key === 'Downtime')?.value, '2m');
  });

  it('reports an unreadable start time as a problem and falls back to the file name', () => {
    const r = parseRecord('## Deployment Metadata\n- **Start Time**: last tuesday\n', '2025-01-02-03-04-deployment.md');
    assert.strictEqual(r.startTimeSource, 'fileName');
    assert.strictEqual(r.problems.length, 1);
    assert.strictEqual(r.problems[0].line, 1);
  });

  it('never throws on random or hostile input', () => {
    const pieces = ['## Deployment Metadata', '- **Start Time**: ', '2025-09-05 18:41:13', '### Issue #', '```', '- [x] ', '- ✅', '\r\n', '\n', '**', '[PENDING]', '⚠️', '\uFEFF', '#', ':', '- **', ' ', '\uD800', '---', '1. [ ]'];
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 2000; i++) {
      let s = '';
      const len = Math.floor(rand() * 40);
      for (let j = 0; j < len; j++) {
        s += rand() < 0.8 ? pieces[Math.floor(rand() * pieces.length)] : String.fromCharCode(Math.floor(rand() * 0xffff));
      }
      const r = parseRecord(s, rand() < 0.5 ? undefined : `${s.slice(0, 10)}.md`);
      assert.ok(Array.isArray(r.checklist));
    }
  });

  it('reads a long line of repeated markers quickly', () => {
    const hostile = `${'# '.repeat(20_000)}\n- **${'*'.repeat(20_000)}\n- [ ${' '.repeat(20_000)}x\n### Issue #1${' #'.repeat(20_000)}\n`;
    const started = process.hrtime.bigint();
    parseRecord(hostile.repeat(5));
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 500);
  });
});

describe('sections of fields: a title that ends with Metadata or Metrics, not one that mentions them', () => {
  const stepsUnder = (heading: string): number =>
    parseRecord(`${heading}\n- [❌] Grafana error-rate panel is green\n- **Downtime**: 0s\n`).checklist.length;

  it('reads the steps of a section that only mentions metrics or metadata', () => {
    for (const heading of [
      '## Post-Flight: check metrics dashboards',
      '## Verify instance metadata service',
      '## Verify deployment metrics in Grafana',
      '# Metrics and dashboards',
      '## Metadata service (IMDSv2) checks'
    ]) {
      assert.strictEqual(stepsUnder(heading), 1, heading);
    }
  });

  it('reads the fields of a section titled so, after emoji, punctuation, a remark in brackets or closing #s', () => {
    for (const heading of [
      '## Deployment Metadata',
      '## 📋 Deployment Metadata',
      '## Deployment Metrics',
      '## Deployment Metrics (Auto-captured)',
      '## 📊 Deployment Metrics',
      '## Post-deploy Metrics',
      '## 📊 Post-deploy Metrics:',
      '# Process Metrics 📊',
      '## Deployment Metrics [v2] (auto (nested))',
      '## Deployment Metrics ##'
    ]) {
      assert.strictEqual(stepsUnder(heading), 0, heading);
      assert.deepStrictEqual(parseRecord(`${heading}\n- **Downtime**: 0s\n`).fields.map((f) => f.key), ['Downtime'], heading);
    }
    assert.strictEqual(parseRecord('## 📋 Deployment Metadata\n- **Operator**: alice\n').hasMetadata, true);
    assert.strictEqual(parseRecord('## Verify deployment metadata service\n- [ ] step\n').hasMetadata, false);
  });

  it('reads a long hostile title quickly', () => {
    for (const title of [')'.repeat(100_000), `metrics${'(a) '.repeat(30_000)}`, `(${')'.repeat(50_000)}`, `${'('.repeat(50_000)}${')'.repeat(50_000)}x`, `metrics ${'] )'.repeat(30_000)}`]) {
      const started = process.hrtime.bigint();
      parseRecord(`## ${title}\n- [ ] step\n`);
      assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 500, title.slice(0, 20));
    }
  });
});

describe('issues whose title is still a placeholder', () => {
  const filled = (heading: string): string => [
    '## 🚨 Issues & Resolutions Log',
    heading,
    '- **Phase**: Execution',
    '- **Description**: state lock held by a crashed run',
    '- **Resolution**: terraform force-unlock 1234',
    '- **Time to Resolve**: 5 minutes',
    '- **Impact**: Medium',
    ''
  ].join('\n');

  for (const heading of ['### Issue #1: [TITLE]', '### Issue #1:', '### Issue #1']) {
    it(`counts a filled-in issue headed ${JSON.stringify(heading)}, untitled`, () => {
      const r = parseRecord(filled(heading));
      assert.deepStrictEqual(r.issues, [
        { number: 1, title: '', resolved: true, line: 1, phase: 'Execution', impact: 'Medium', timeToResolveSeconds: 300 }
      ]);
    });
  }

  it('still leaves out an example with nothing but placeholders, such as the team template\'s', () => {
    const r = parseRecord(fs.readFileSync(`${CHECKLISTS}/../deployment-checklist.md`, 'utf8'));
    assert.deepStrictEqual(r.issues, []);
    assert.deepStrictEqual(parseRecord('### Issue #1: [TITLE]\n- **Phase**: [Pre-flight]\n- **Resolution**: [PENDING]\n- **Impact**:\n').issues, []);
  });
});

describe('the Lessons Learned section, whose action items are for the next deployment', () => {
  const newRecord = (): string => renderNewRecord(fs.readFileSync(BUNDLED_TEMPLATE, 'utf8'), {
    deploymentId: 'DEP-2026-11-21-10-00',
    startTime: '2026-11-21T10:00:00+01:00',
    operator: 'ops-alice',
    environment: 'staging',
    workingTree: 'clean',
    workingDirectory: '.'
  });

  it('counts the 13 steps of a record started from the template, and not its action-item placeholder', () => {
    const r = parseRecord(newRecord());
    assert.strictEqual(r.checklist.length, 13);
    assert.ok(r.checklist.every((i) => i.status === 'pending'));
    assert.ok(!r.checklist.some((i) => i.text.includes('[Priority]')), 'the action-item placeholder is a step');
    assert.deepStrictEqual(r.checklist.slice(-3).map((i) => [i.label, i.section]), [
      ['Monitoring', 'Post-Flight Verification ✅'],
      ['Record committed', 'Mission Complete 🎯'],
      ['Summary shared', 'Mission Complete 🎯']
    ]);
  });

  it('leaves nothing pending once every step of the template is ticked, the action item still open', () => {
    const text = newRecord().replace(/^- \[ \] \*\*(?!\[Priority\])/gm, '- [x] **');
    assert.match(text, /^- \[ \] \*\*\[Priority\]\*\*/m, 'the action item was ticked too');
    const r = parseRecord(text);
    assert.strictEqual(r.checklist.length, 13);
    assert.strictEqual(r.checklist.find((i) => i.status !== 'done'), undefined);
    // The next step the status bar and the CodeLens offer comes from the phases alone.
    assert.deepStrictEqual(nextStep(r.phases), { kind: 'phase', phase: 'Planning' });
  });

  it('reads the five action items of 2025-09-05-18-46 as no steps, and the Mission Complete steps after them as steps', () => {
    const text = readFixture('2025-09-05-18-46-deployment.md');
    const lines = text.split('\n');
    const lessons = lines.indexOf('## 📚 Lessons Learned & Improvements');
    const missionComplete = lines.indexOf('## Mission Complete 🎯');
    assert.ok(lessons > 0 && missionComplete > lessons);
    const r = parseRecord(text);
    assert.strictEqual(r.checklist.length, 21);
    assert.deepStrictEqual(r.checklist.filter((i) => i.line > lessons && i.line < missionComplete), []);
    assert.strictEqual(r.checklist.filter((i) => i.line > missionComplete).length, 6);
    assert.strictEqual(r.checklist.filter((i) => i.status === 'pending').length, 14);
  });

  it('is the section whose title begins with Lessons Learned, not one that only mentions lessons learned', () => {
    const r = parseRecord([
      '## Pre-Flight: apply lessons learned from DEP-2025-09-01', // 0
      '- [x] **Backups verified**', //                            1
      '- [ ] **Stakeholders notified**', //                       2
      '## Lessons learned', //                                     3
      '- [ ] **HIGH** Set up SSH key authentication', //          4
      '## 📚 Lessons Learned & Improvements', //                  5
      '- [ ] **LOW** Document the mise shell setup', //           6
      '## -- lessons learned --', //                               7
      '- [ ] **LOW** one more follow-up' //                       8
    ].join('\n'));
    assert.deepStrictEqual(r.checklist.map((i) => [i.line, i.status]), [[1, 'done'], [2, 'pending']]);
  });

  it('keeps its ### sub-headings in it, up to the next # or ## heading or horizontal rule, whatever the markers', () => {
    const r = parseRecord([
      '## Take-Off', //                                   0
      '- [x] **Deploy**', //                              1
      '## 📚 Lessons Learned & Improvements', //          2
      '### What Went Well ✅', //                          3
      '- ✅ the canary caught the bad config', //          4
      '### Action Items for Next Deployment 📋', //       5
      '- [ ] **HIGH** Set up SSH key authentication', //  6
      '- ❌ **MEDIUM** Retry the failed backup job', //    7
      '1. [x] **LOW** Document the mise shell setup', //  8
      '### Process Metrics 📊', //                        9
      '- **Unplanned Work**: ~75% ⚠️', //                 10
      '## Mission Complete 🎯', //                         11
      '- [ ] **Record committed**', //                    12
      '# lessons learned (again)', //                      13
      '- ⏭️ not a step either', //                         14
      '---', //                                            15
      '- [ ] **Summary shared**' //                        16
    ].join('\n'));
    assert.deepStrictEqual(r.checklist.map((i) => [i.line, i.status]), [[1, 'done'], [12, 'pending'], [16, 'pending']]);
    assert.deepStrictEqual(r.fields, [], 'a lesson is not a field either');
  });
});

describe('HTML in a record, read as plain lines as the record writer reads it', () => {
  it('counts the steps after a <details> block indented under a step, and still reads the metrics after them', () => {
    const r = parseRecord([
      '## Steps',
      '- [x] **Configure the agent**',
      '  <details>',
      '  <summary>Agent output</summary>',
      '  keys loaded',
      '  </details>',
      '- [x] **Deploy**',
      '- [ ] **Verify**',
      '- ❌ **Smoke tests**',
      '',
      '## Deployment Metrics',
      '- **Success Status**: ❌ Failed'
    ].join('\n'));
    assert.deepStrictEqual(r.checklist.map((i) => [i.line, i.status]), [[1, 'done'], [6, 'done'], [7, 'pending'], [8, 'failed']]);
    assert.strictEqual(r.outcome, 'failed');
  });

  it('reads the metadata fields after a lone tag line such as <PENDING> or <br>', () => {
    for (const tag of ['<PENDING>', '<br>']) {
      const r = parseRecord(['## Deployment Metadata', tag, '- **Start Time**: 2026-03-02 10:00:00', '- **Environment**: staging'].join('\n'));
      assert.strictEqual(r.fields.find((f) => f.key === 'Start Time')?.value, '2026-03-02 10:00:00', tag);
      assert.strictEqual(r.fields.find((f) => f.key === 'Environment')?.value, 'staging', tag);
    }
  });
});

describe('issues written as notes: a list item with a RESOLUTION or ROOT CAUSE bullet under it', () => {
  const notes = (...lines: string[]): string => ['## Deployment Metadata', '- **Start Time**: 2026-03-02 10:00:00', '', ...lines, ''].join('\n');
  const issuesOf = (text: string) => parseRecord(text).issues;

  it('reads the SSH failure the team logged under Pilot notes in 2025-08-31, and nothing else there, as an issue', () => {
    const r = parseRecord(readFixture('2025-08-31-03-33-deployment.md'), '2025-08-31-03-33-deployment.md');
    assert.strictEqual(r.issues.length, 1, 'the second note has only an EXAMPLE under it');
    const [issue] = r.issues;
    assert.strictEqual(issue.title, 'First attempt at apply errored');
    assert.strictEqual(issue.resolved, true);
    assert.strictEqual(issue.line, 102);
    assert.strictEqual(issue.number, 0, 'no number was written');
    for (const key of ['phase', 'impact', 'time', 'timeToResolveSeconds'] as const) {
      assert.strictEqual(issue[key], undefined, `${key} is not guessed`);
      assert.ok(!(key in issue), `${key} is left out, as for an issue block that does not write it`);
    }
    assert.deepStrictEqual(r.problems, []);
    assert.strictEqual(r.checklist.length, 18, 'the steps are the same');
  });

  it('reads the same notes as no issue when nothing under them starts with RESOLUTION or ROOT CAUSE', () => {
    const text = notes(
      '## Pilot notes',
      '- Second attempt I put the public key in .mise.local.toml instead of private key.',
      '  - EXAMPLE: Use triple quotes to wrap multi-line private keys in TOML files',
      '  - Resolution needed: a private key',
      '  - Resolutions: see the wiki',
      '- RESOLUTION: not under any item',
      '  - ROOT CAUSE: under a RESOLUTION, which is no issue itself',
      '- Apply errored',
      '',
      'A paragraph at the margin ends the list.',
      '  - RESOLUTION: under nothing'
    );
    assert.deepStrictEqual(issuesOf(text), []);
  });

  it('keeps a step a step, whatever is under it, as in 2025-09-05-18-46', () => {
    const text = notes(
      '## Take-Off',
      '- [⚠️] **Deploy infrastructure**: blocked',
      '  - Issue: Terraform needs SSH key access',
      '  - RESOLUTION: configure the key',
      '- ❌ **Smoke tests**',
      '  - ROOT CAUSE: no network',
      '- **Check logs** ✅',
      '  - Root cause: none'
    );
    const r = parseRecord(text);
    assert.deepStrictEqual(r.issues, []);
    assert.deepStrictEqual(r.checklist.filter((i) => i.indent === 0).map((i) => [i.label, i.status]), [
      ['Deploy infrastructure', 'blocked'],
      ['Smoke tests', 'failed'],
      ['Check logs', 'done']
    ]);
    const real = parseRecord(readFixture('2025-09-05-18-46-deployment.md'));
    assert.deepStrictEqual(real.issues.map((i) => i.number), [1, 5, 2, 3, 4], 'the blocked step with `Resolution needed:` under it is no issue');
    assert.strictEqual(real.checklist.find((i) => i.label === 'Deploy infrastructure')?.status, 'blocked');
  });

  it('takes no separate issue from a code block, Lessons Learned, an Issues log or an ### Issue block', () => {
    const text = notes(
      '## Notes',
      '```',
      '- Apply errored: in a snippet',
      '  - RESOLUTION: retried',
      '```',
      '## 🚨 Issues & Resolutions Log',
      '- Loose note in the log',
      '  - RESOLUTION: fixed',
      '### Issue #1: Agent lost its keys',
      '- **Resolution**: ssh-add again',
      '- Note inside the issue',
      '  - RESOLUTION: reloaded',
      '## 📚 Lessons Learned',
      '- Keys expire',
      '  - ROOT CAUSE: agent timeout'
    );
    const issues = issuesOf(text);
    assert.deepStrictEqual(issues.map((i) => [i.number, i.title, i.resolved]), [[1, 'Agent lost its keys', true]]);
  });

  it('titles a note by its text up to the first ": ", or by its first words, without emphasis', () => {
    const long = 'The apply hung for twenty minutes while the provider waited on a lock that nobody held and then timed out';
    const text = notes(
      '## Notes',
      '- **Apply errored**: module.vm[0]: Creating... Error: https://host:8006 refused',
      '  - RESOLUTION: restarted pveproxy',
      '* **DNS not propagated:** the record was cached',
      '  * **Root Cause**: TTL of a day',
      `1. ${long}`,
      '   - **Resolution:** waited',
      `- ${'x'.repeat(90)}: long prefix then text`,
      '  - ROOT CAUSE: unknown'
    );
    const titles = issuesOf(text).map((i) => i.title);
    assert.strictEqual(titles[0], 'Apply errored');
    assert.strictEqual(titles[1], 'DNS not propagated');
    assert.strictEqual(titles[2], 'The apply hung for twenty minutes while the provider waited on a lock that…');
    assert.ok(titles[2].length <= 80);
    assert.strictEqual(titles[3], `${'x'.repeat(79)}…`);
    assert.strictEqual(titles.length, 4);
  });

  it('is resolved only by a RESOLUTION with a real value, by the rules of an issue block\'s Resolution', () => {
    const resolved = (...children: string[]): boolean[] => issuesOf(notes('## Notes', '- Apply errored', ...children)).map((i) => i.resolved);
    assert.deepStrictEqual(resolved('  - RESOLUTION: re-ran with the private key'), [true]);
    assert.deepStrictEqual(resolved('  - **Resolution**: re-ran'), [true]);
    assert.deepStrictEqual(resolved('  - ROOT CAUSE: the provider needs SSH'), [false]);
    assert.deepStrictEqual(resolved('  - RESOLUTION: PENDING - need the key'), [false]);
    assert.deepStrictEqual(resolved('  - **Resolution**: **[PENDING]**'), [false]);
    assert.deepStrictEqual(resolved('  - resolution: TBD'), [false]);
    assert.deepStrictEqual(resolved('  - RESOLUTION:'), [false]);
    assert.deepStrictEqual(resolved('  - ROOT CAUSE: no key', '  - RESOLUTION: added the key'), [true]);
  });

  it('finds the item a RESOLUTION sits under past the items and lines between them', () => {
    const text = notes(
      '## Notes',
      '- Deploy day',
      '  - Apply errored: timeout',
      '    - tried again',
      '      - [x] cleared the lock',
      '    ```',
      '    Error: lock held',
      '    - RESOLUTION: inside the code block',
      '    ```',
      '    The log said more.',
      '',
      '    - RESOLUTION: raised the timeout',
      '  - Smoke tests flaky',
      '    - [x] retried ✅',
      '      - ROOT CAUSE: under a step',
      '- Second note',
      '  - ROOT CAUSE: cold cache'
    );
    const r = parseRecord(text);
    assert.deepStrictEqual(r.issues.map((i) => [i.title, i.line, i.resolved]), [['Apply errored', 5, true], ['Second note', 18, false]]);
    assert.deepStrictEqual(r.checklist.map((i) => i.line), [7, 16], 'the steps under the notes are still steps');
  });

  it('lists a note and the notes under it in line order, though the one under it is found first', () => {
    const r = parseRecord(notes('## Notes', '- Deploy day', '  - Apply errored', '    - RESOLUTION: retried', '  - ROOT CAUSE: a lock nobody held', '### Issue #1: Later'));
    assert.deepStrictEqual(r.issues.map((i) => [i.line, i.title, i.resolved]), [[4, 'Deploy day', false], [5, 'Apply errored', true], [8, 'Later', false]]);
  });

  it('numbers notes 0 without reporting the number twice, and keeps an unfilled [placeholder] out', () => {
    const r = parseRecord(notes('## Notes', '- One', '  - RESOLUTION: a', '- Two', '  - RESOLUTION: b', '- [Describe the problem]', '  - RESOLUTION: [PENDING]'));
    assert.deepStrictEqual(r.issues.map((i) => [i.number, i.title]), [[0, 'One'], [0, 'Two']]);
    assert.deepStrictEqual(r.problems, []);
  });
});
