import * as assert from 'assert';
import { parseRecord } from '../../../src/core/record/recordParser';
import { computeAnalytics } from '../../../src/core/analytics/computeAnalytics';
import { measureLeadTimes } from '../../../src/core/analytics/leadTime';
import type { CommitHistory } from '../../../src/core/analytics/analyticsTypes';

/**
 * A small corpus that exercises every rule of the engine. The expected figures below were
 * worked out by hand from these texts (see the comments), not printed by the code.
 */
const R1 = `## Deployment Metadata
- **Deployment ID**: DEP-2025-09-01-10-00
- **Start Time**: 2025-09-01 10:00:00
- **Operator**: Alice
- **Environment**: production
- **Git Commit**: aaaa1111
## Deployment Metrics
- **Planning Start**: 2025-09-01 10:01:00
- **Execution Start**: 2025-09-01 10:03:00
- **Validation Start**: 2025-09-01 10:10:00
- **End Time**: 2025-09-01 10:12:00
- **Success Status**: ✅ Succeeded
- **Downtime**: 45s
- **Health Check**: passed
- **Time to Healthy**: 1m 30s
`;
// total 720 s; planning 120, execution 420, validation 120. Monday, 10 h.

const R2 = `## Deployment Metadata
- **Deployment ID**: DEP-2025-09-02-14-30
- **Start Time**: 2025-09-02T14:30:00+02:00
- **Operator**: bob
- **Environment**: production
## Deployment Metrics
- **Planning Start**: 2025-09-02T14:30:00+02:00
- **Execution Start**: 2025-09-02T14:32:00+02:00
- **End Time**: 2025-09-02T14:35:00+02:00
- **Success Status**: ❌ Failed
## Take-Off
- ❌ **Deploy**: apply
## Issues & Resolutions Log
### Issue #1: Lock held
- **Phase**: Execution
- **Impact**: High
- **Resolution**: released the lock
- **Time to Resolve**: ~10 minutes
`;
// total 300 s (not above 300); planning 120, execution 180. Tuesday, 14 h on its own clock.

const R3 = `## Deployment Metadata
- **Deployment ID**: DEP-2025-09-03-09-15
- **Start Time**: 2025-09-03 09:15:00
- **Operator**: alice
- **Environment**: production
- **Git Commit**: bbbb2222
## Deployment Metrics
- **End Time**: 2025-09-03 09:20:00
- **Success Status**: ✅ Succeeded
- **Health Check**: failed ❌
## Issues & Resolutions Log
### Issue #1: Lock held
- **Phase**: Execution (apply)
- **Impact**: Medium
- **Resolution**: waited
- **Time to Resolve**: 00:05:00
### Issue #2: DNS slow
- **Phase**: Validation
- **Impact**: Low
- **Resolution**: PENDING
- **Time to Resolve**: [ONGOING]
`;
// total 300 s. Wednesday, 9 h. Recovers production from R2: 12:35Z on the 2nd to 09:20 on the 3rd = 74,700 s.

const R4 = `## Deployment Metadata
- **Deployment ID**: DEP-2025-09-06-20-00
- **Start Time**: 2025-09-06 20:00:00
- **Operator**: Carol
- **Environment**: staging
## Deployment Metrics
- **Planning Start**: 2025-09-06 20:00:00
- **Execution Start**: 2025-09-06 20:05:00
- **Success Status**: 🔄 In progress
## Checks
- ⏭️ **Smoke test**: not needed
`;
// in progress; planning 300 s; execution has no end, so it is left out. Saturday, 20 h.

const R5 = `# Flight checklist (a template copy without metadata)
- [ ] **Deploy**: apply
`;
// start from the file name 2025-09-07-08-00: Sunday, 8 h; in progress; no operator or environment.

const R6 = `## Deployment Metadata
- **Start Time**: 2025-09-05 11:00:00
- **Operator**: Carol
- **Environment**: staging
## Deployment Metrics
- **End Time**: 2025-09-05 11:30:00
- **Success Status**: ↩️ Rolled back
`;
// total 1,800 s. Friday, 11 h. Staging never recovers.

function corpus() {
  return [
    parseRecord(R1, '2025-09-01-10-00-deployment.md'),
    parseRecord(R2, '2025-09-02-14-30-deployment.md'),
    parseRecord(R3, '2025-09-03-09-15-deployment.md'),
    parseRecord(R4, '2025-09-06-20-00-deployment.md'),
    parseRecord(R5, '2025-09-07-08-00-deployment.md'),
    parseRecord(R6, '2025-09-05-11-00-deployment.md')
  ];
}

const NOW = Date.UTC(2025, 8, 7, 12, 0, 0);

describe('analytics engine on a hand-computed corpus', () => {
  const a = computeAnalytics({ records: corpus(), skipped: [{ file: 'notes.txt', reason: 'not a markdown (.md) file' }] }, { now: NOW });

  it('counts every record and outcome, and the success rate over finished deployments only', () => {
    assert.strictEqual(a.schemaVersion, 1);
    assert.strictEqual(a.records, 6);
    assert.deepStrictEqual(a.outcomes, { success: 2, failed: 1, rolledBack: 1, aborted: 0, inProgress: 2 });
    assert.strictEqual(a.successRate, 0.5); // 2 / (2 + 1 + 1)
    assert.deepStrictEqual(a.skipped, [{ file: 'notes.txt', reason: 'not a markdown (.md) file' }]);
  });

  it('finds operators written in bold, merging case, with their successes and finished deployments', () => {
    // Carol's in-progress R4 is not finished, her rolled-back R6 is; bob's failed R2 is.
    assert.deepStrictEqual(a.operators, [
      { name: 'Alice', deployments: 2, succeeded: 2, finished: 2 },
      { name: 'Carol', deployments: 2, succeeded: 0, finished: 1 },
      { name: 'bob', deployments: 1, succeeded: 0, finished: 1 }
    ]);
    assert.deepStrictEqual(a.environments, [
      { name: 'production', deployments: 3 },
      { name: 'staging', deployments: 2 }
    ]);
  });

  it('places deployments by the hour and weekday of their own recorded clock, Monday first', () => {
    const hours = new Array(24).fill(0);
    for (const h of [10, 14, 9, 20, 8, 11]) {
      hours[h]++;
    }
    assert.deepStrictEqual(a.byHour, hours);
    assert.deepStrictEqual(a.byWeekday, [1, 1, 1, 0, 1, 1, 1]);
    // The grid: 2025-09-01 is a Monday at 10:00; 2025-09-02T14:30+02:00 a Tuesday at 14 h, as written.
    assert.strictEqual(a.byWeekdayHour.length, 7);
    assert.ok(a.byWeekdayHour.every((row) => row.length === 24));
    assert.strictEqual(a.byWeekdayHour[0][10], 1);
    assert.strictEqual(a.byWeekdayHour[1][14], 1);
    assert.deepStrictEqual(a.byWeekdayHour.map((row) => row.reduce((x, y) => x + y, 0)), a.byWeekday);
    assert.deepStrictEqual(hours.map((_, h) => a.byWeekdayHour.reduce((sum, row) => sum + row[h], 0)), a.byHour);
    assert.deepStrictEqual(a.perWeek.map((w) => [w.period, w.total]), [['2025-W36', 6]]);
    assert.deepStrictEqual(a.perMonth.map((m) => [m.period, m.total, m.success]), [['2025-09', 6, 2]]);
  });

  it('measures total and phase durations from the recorded times', () => {
    assert.deepStrictEqual(a.durations.total, { count: 4, mean: 780, median: 510, p90: 1800, min: 300, max: 1800 });
    assert.deepStrictEqual(a.durations.phases.planning, { count: 3, mean: 180, median: 120, p90: 300, min: 120, max: 300 });
    assert.deepStrictEqual(a.durations.phases.execution, { count: 2, mean: 300, median: 300, p90: 420, min: 180, max: 420 });
    assert.deepStrictEqual(a.durations.phases.validation, { count: 1, mean: 120, median: 120, p90: 120, min: 120, max: 120 });
    assert.deepStrictEqual(a.durations.downtime, { count: 1, mean: 45, median: 45, p90: 45, min: 45, max: 45 });
    assert.strictEqual(a.durations.timeToHealthy?.median, 90);
    assert.deepStrictEqual(a.healthChecks, { passed: 1, failed: 1 });
    assert.deepStrictEqual(a.slowest.map((d) => d.totalSeconds), [1800, 720, 300, 300]);
  });

  it('lists recent deployments by recorded start time, newest first', () => {
    assert.deepStrictEqual(
      a.recent.map((d) => d.file),
      ['2025-09-07-08-00-deployment.md', '2025-09-06-20-00-deployment.md', '2025-09-05-11-00-deployment.md', '2025-09-03-09-15-deployment.md', '2025-09-02-14-30-deployment.md', '2025-09-01-10-00-deployment.md']
    );
  });

  it('summarises issues by phase and impact, time to resolve, and recurring titles', () => {
    assert.strictEqual(a.issues.total, 3);
    assert.deepStrictEqual(a.issues.byPhase, [
      { name: 'Execution', count: 2 },
      { name: 'Validation', count: 1 }
    ]);
    assert.deepStrictEqual(a.issues.byImpact, { High: 1, Medium: 1, Low: 1, unknown: 0 });
    assert.strictEqual(a.issues.meanTimeToResolveSeconds, 450); // (600 + 300) / 2
    assert.strictEqual(a.issues.unresolved, 1);
    assert.deepStrictEqual(a.issues.recurringTitles, [{ name: 'Lock held', count: 2 }]);
    assert.deepStrictEqual(a.steps.failed, [{ name: 'Deploy', count: 1 }]);
    assert.deepStrictEqual(a.steps.skipped, [{ name: 'Smoke test', count: 1 }]);
  });

  it('raises an alert for each default threshold crossed', () => {
    assert.deepStrictEqual(a.thresholds, { downtimeSeconds: 30, totalSeconds: 300, timeToHealthySeconds: 60 });
    assert.deepStrictEqual(
      a.alerts.map((x) => `${x.kind}:${x.file.slice(0, 16)}`),
      [
        'downtime:2025-09-01-10-00',
        'totalDuration:2025-09-01-10-00',
        'timeToHealthy:2025-09-01-10-00',
        'failedDeployment:2025-09-02-14-30',
        'healthCheck:2025-09-03-09-15',
        'failedDeployment:2025-09-05-11-00',
        'totalDuration:2025-09-05-11-00'
      ]
    );
    const relaxed = computeAnalytics({ records: corpus() }, { now: NOW, thresholds: { totalSeconds: 2000, downtimeSeconds: 60, timeToHealthySeconds: 120 } });
    assert.deepStrictEqual(relaxed.alerts.map((x) => x.kind), ['failedDeployment', 'healthCheck', 'failedDeployment']);
  });

  it('gives DORA keys per environment with their 2023 bands', () => {
    assert.strictEqual(a.dora.bandsYear, 2023);
    const [production, staging] = a.dora.environments;
    assert.strictEqual(production.environment, 'production');
    assert.deepStrictEqual([production.deploymentFrequency.value, production.deploymentFrequency.band], [3, 'high']); // 3 finished, within one week
    assert.deepStrictEqual([production.changeFailureRate.value, production.changeFailureRate.band], [0.3333, 'low']);
    assert.deepStrictEqual([production.recoveryTime.value, production.recoveryTime.band, production.recoveryTime.unrecovered], [74700, 'high', 0]);
    assert.strictEqual(staging.environment, 'staging');
    assert.deepStrictEqual([staging.changeFailureRate.value, staging.recoveryTime.value, staging.recoveryTime.unrecovered], [1, null, 1]);
  });

  it('derives each recommendation from a figure and carries that figure', () => {
    const rate = a.recommendations.find((r) => r.evidence.figure === 'successRate');
    assert.ok(rate, 'a success rate of 50 % calls for a recommendation');
    assert.match(rate.text, /50 %/);
    assert.match(rate.text, /"Deploy"/);
    assert.deepStrictEqual(rate.evidence, { figure: 'successRate', value: 0.5, threshold: 0.9 });
    const slow = a.recommendations.find((r) => r.evidence.figure === 'durations.total.p90');
    assert.deepStrictEqual(slow?.evidence, { figure: 'durations.total.p90', value: 1800, threshold: 300 });
    const recurring = a.recommendations.find((r) => r.evidence.figure === 'issues.recurringTitles');
    assert.match(recurring?.text ?? '', /"Lock held" was logged 2 times/);
  });

  it('writes recommendations as sentences, in the singular for one and the plural for more', () => {
    const unresolved = a.recommendations.find((r) => r.evidence.figure === 'issues.unresolved');
    assert.match(unresolved?.text ?? '', /^1 logged issue has no resolution yet; record how it was resolved/);
    const skippedFile = (file: string) => ({ file, reason: 'no start time in its metadata, deployment ID or file name' });
    const one = computeAnalytics({ records: corpus(), skipped: [skippedFile('notes.md')] }, { now: NOW });
    const two = computeAnalytics({ records: corpus(), skipped: [skippedFile('notes.md'), skippedFile('todo.md')] }, { now: NOW });
    const skippedText = (analytics: typeof a) => analytics.recommendations.find((r) => r.evidence.figure === 'skipped (markdown files)')?.text ?? '';
    assert.match(skippedText(one), /^1 markdown file in the folder is not counted \(for example notes\.md:/);
    assert.match(skippedText(two), /^2 markdown files in the folder are not counted/);
    for (const r of [...a.recommendations, ...one.recommendations, ...two.recommendations]) {
      assert.doesNotMatch(r.text, /\(s\)/, `"${r.text}" reads as a form, not a sentence`);
    }
  });

  it('advises on records left in progress truthfully: aborting one takes it out of in progress, not into the success rate', () => {
    // R4 (staging, with metadata) started on 2025-09-06 at 20:00 and is still in progress two days later.
    const later = Date.UTC(2025, 8, 8, 21, 0, 0);
    const stale = computeAnalytics({ records: corpus() }, { now: later });
    const advice = stale.recommendations.find((r) => r.evidence.figure === 'outcomes.inProgress (older than a day)');
    assert.strictEqual(advice?.evidence.value, 1);
    assert.strictEqual(
      advice?.text,
      '1 deployment record is still marked in progress more than a day after it started; finish it, or mark it aborted if it was abandoned, so that it stops counting as in progress.'
    );
    // What the advice promises: marked aborted, it no longer counts as in progress, and the success rate is what it was.
    const aborted = computeAnalytics({ records: [...corpus().slice(0, 3), parseRecord(R4.replace('🔄 In progress', '⏹️ Aborted'), '2025-09-06-20-00-deployment.md'), ...corpus().slice(4)] }, { now: later });
    assert.strictEqual(aborted.outcomes.inProgress, stale.outcomes.inProgress - 1);
    assert.strictEqual(aborted.successRate, stale.successRate);
    assert.ok(!aborted.recommendations.some((r) => r.evidence.figure === 'outcomes.inProgress (older than a day)'));
    const two = computeAnalytics({ records: [...corpus(), parseRecord(R4, '2025-09-06-21-00-deployment.md')] }, { now: later });
    assert.match(two.recommendations.find((r) => r.evidence.figure === 'outcomes.inProgress (older than a day)')?.text ?? '', /^2 deployment records are still marked in progress .*; finish them, or mark them aborted if they were abandoned, so that they stop counting as in progress\.$/);
  });

  it('points out records with no metadata, such as a template copy a failed start left behind', () => {
    // R5 is the corpus's one template copy; every other record has a Deployment Metadata section.
    const advice = a.recommendations.find((r) => r.evidence.figure === 'records without Deployment Metadata');
    assert.strictEqual(advice?.evidence.value, 1);
    assert.strictEqual(
      advice?.text,
      '1 deployment record has no Deployment Metadata, so it names no operator, environment or commit; fill in its metadata, or delete it if it is a template copy that no deployment used.'
    );
    const two = computeAnalytics({ records: [...corpus(), parseRecord(R5, '2025-09-06-21-00-deployment.md')] }, { now: NOW });
    assert.match(two.recommendations.find((r) => r.evidence.figure === 'records without Deployment Metadata')?.text ?? '', /^2 deployment records have no Deployment Metadata, so they name/);
    const withMetadata = computeAnalytics({ records: corpus().filter((r) => r.hasMetadata) }, { now: NOW });
    assert.ok(!withMetadata.recommendations.some((r) => r.evidence.figure === 'records without Deployment Metadata'));
  });

  it('recommends a look at skipped markdown files, not at a .gitkeep or a backup', () => {
    const byName = computeAnalytics({
      records: corpus(),
      skipped: [
        { file: '.gitkeep', reason: 'hidden file (such as .gitkeep), not a record' },
        { file: '2025-09-01-10-00-deployment.md.bak', reason: 'backup file, not a record' },
        { file: 'runbook.txt', reason: 'not a markdown (.md) file' }
      ]
    }, { now: NOW });
    assert.strictEqual(byName.skipped.length, 3, 'every skipped file is still listed');
    assert.ok(!byName.recommendations.some((r) => r.evidence.figure.startsWith('skipped')), 'a .gitkeep called for a recommendation');
    const withBinary = computeAnalytics({
      records: corpus(),
      skipped: [{ file: '.gitkeep', reason: 'hidden file (such as .gitkeep), not a record' }, { file: 'ops/2025-09-09-09-00-deployment.md', reason: 'binary file (contains NUL bytes)' }]
    }, { now: NOW });
    const recommendation = withBinary.recommendations.find((r) => r.evidence.figure === 'skipped (markdown files)');
    assert.strictEqual(recommendation?.evidence.value, 1);
    assert.match(recommendation?.text ?? '', /ops\/2025-09-09-09-00-deployment\.md: binary file/);
  });

  it('filters by environment and start date', () => {
    const staging = computeAnalytics({ records: corpus() }, { now: NOW, environment: 'STAGING' });
    assert.strictEqual(staging.records, 2);
    assert.deepStrictEqual(staging.filters, { environment: 'STAGING' });
    const since = computeAnalytics({ records: corpus() }, { now: NOW, since: '2025-09-05' });
    assert.strictEqual(since.records, 3); // the 5th, 6th and 7th
  });

  it('reports an unreadable optional field and keeps the rest of the record', () => {
    const broken = parseRecord(R1.replace('- **Downtime**: 45s', '- **Downtime**: a while'), '2025-09-01-10-00-deployment.md');
    const b = computeAnalytics({ records: [broken] }, { now: NOW });
    assert.strictEqual(b.durations.total?.count, 1);
    assert.strictEqual(b.durations.downtime, null);
    assert.ok(b.problems.some((p) => p.file === '2025-09-01-10-00-deployment.md' && /Downtime/.test(p.message)));
  });

  it('measures lead time from git author time, and says when history is unavailable', async () => {
    const records = corpus();
    const r1End = Date.UTC(2025, 8, 1, 10, 12, 0);
    const history: CommitHistory = {
      commitTime: async (hash) => (hash === 'aaaa1111' ? { authorTimeMs: r1End - 7200_000 } : { unavailable: 'shallow clone: the deployed commit is not in the local history' }),
      commitsBetween: async () => ({ count: 4 })
    };
    const leadTimes = await measureLeadTimes(records, history);
    const withGit = computeAnalytics({ records }, { now: NOW, leadTimes });
    const lead = withGit.dora.environments[0].leadTime;
    assert.deepStrictEqual([lead.value, lead.band, lead.samples], [7200, 'elite', 1]);
    assert.match(lead.note ?? '', /1 of 2 successful deployments.*shallow clone/);
  });

  it('says why lead time was not measured when git was not asked, without advice about clones', () => {
    const unread = computeAnalytics({ records: corpus() }, { now: NOW });
    assert.strictEqual(unread.dora.environments[0].leadTime.value, null);
    assert.strictEqual(unread.dora.environments[0].leadTime.note, 'git history not read');
    assert.ok(
      !unread.recommendations.some((r) => r.evidence.figure.startsWith('dora.leadTime') || /unshallow/.test(r.text)),
      'a fetch --unshallow was recommended although git was never asked'
    );
    const pending = computeAnalytics({ records: corpus() }, { now: NOW, leadTimesUnread: 'reading git history…' });
    assert.strictEqual(pending.dora.environments[0].leadTime.note, 'reading git history…');
  });
});
