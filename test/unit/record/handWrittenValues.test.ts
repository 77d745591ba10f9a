import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseHealthCheck } from '../../../src/core/record/outcomeWords';
import { parseRecord } from '../../../src/core/record/recordParser';
import { renderNewRecord } from '../../../src/core/record/recordWriter';
import { computeAnalytics } from '../../../src/core/analytics/computeAnalytics';
import { createGitCommitHistory } from '../../../src/core/analytics/gitCommitHistory';
import { measureLeadTimes } from '../../../src/core/analytics/leadTime';
import { metricsToCsv } from '../../../src/core/analytics/metricsExport';
import { BUNDLED_TEMPLATE } from './fixtures';

const NOW = Date.UTC(2026, 0, 1);

/** A finished record in the template's shape, with `metrics` lines added to its metrics. */
function record(metrics: readonly string[], metadata: readonly string[] = []): string {
  return [
    '## Deployment Metadata',
    '- **Deployment ID**: DEP-2025-10-01-10-00',
    '- **Start Time**: 2025-10-01T10:00:00+02:00',
    '- **Operator**: Ana Souza',
    '- **Environment**: production',
    ...metadata,
    '',
    '## Deployment Metrics',
    '- **End Time**: 2025-10-01T10:30:00+02:00',
    '- **Success Status**: ✅ Succeeded',
    ...metrics,
    ''
  ].join('\n');
}

const FILE = '2025-10-01-10-00-deployment.md';

describe('reading a written Health Check', () => {
  // What a careful reader makes of each value, including the forms QA found misread.
  const table: ReadonlyArray<readonly [string, 'passed' | 'failed' | undefined]> = [
    ['passed ✅', 'passed'],
    ['failed ❌', 'failed'],
    ['passed', 'passed'],
    ['OK', 'passed'],
    ['healthy', 'passed'],
    ['unhealthy', 'failed'],
    ['✅', 'passed'],
    ['❌', 'failed'],
    // A count of no failures passes (QA: read as failed, with an alert and a recommendation).
    ['✅ Passed (0 failures)', 'passed'],
    ['No failures', 'passed'],
    ['passed, 0 failed', 'passed'],
    ['Passed: 12, Failed: 0', 'passed'],
    ['all green, no errors', 'passed'],
    // A negated pass fails (QA: read as passed).
    ['Not healthy', 'failed'],
    ['not OK', 'failed'],
    ["isn't healthy", 'failed'],
    ['Partially passed', 'failed'],
    ['passed, 2 failed', 'failed'],
    ['Passed: 0, Failed: 3', 'failed'],
    // Neither, as before: a problem.
    ['degraded', undefined],
    ['skipped', undefined]
  ];

  it('reads each value as a careful reader would', () => {
    const wrong = table
      .map(([value, expected]) => [value, expected, parseHealthCheck(value)] as const)
      .filter(([, expected, actual]) => actual !== expected)
      .map(([value, expected, actual]) => `${JSON.stringify(value)}: ${actual}, expected ${expected}`);
    assert.deepStrictEqual(wrong, []);
  });

  it('raises the health check alert and recommendation only for a check that failed', () => {
    for (const [value, expected] of table) {
      const a = computeAnalytics({ records: [parseRecord(record([`- **Health Check**: ${value}`]), FILE)] }, { now: NOW });
      assert.deepStrictEqual(a.healthChecks, { passed: expected === 'passed' ? 1 : 0, failed: expected === 'failed' ? 1 : 0 }, value);
      assert.strictEqual(a.alerts.some((x) => x.kind === 'healthCheck'), expected === 'failed', value);
      assert.strictEqual(a.recommendations.some((r) => r.evidence.figure === 'healthChecks.failed'), expected === 'failed', value);
      assert.strictEqual(a.recent[0].healthCheck, expected, value);
    }
  });

  it('reads any text without throwing, and a long hostile value quickly', () => {
    const started = Date.now();
    for (const value of ['', ':', '0', 'no no no', 'failures: ', 'not '.repeat(50_000) + 'ok', '0 '.repeat(50_000) + 'failed', '?'.repeat(100_000)]) {
      assert.ok(['passed', 'failed', undefined].includes(parseHealthCheck(value)));
    }
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });
});

describe('reading a written start time with a UTC offset after UTC or GMT', () => {
  it('measures a start written `UTC+2` against an end written `+02:00`, with no problem', () => {
    // QA: the start was read as UTC, so the end (08:30Z) came before it (10:00Z).
    const text = record([], []).replace('2025-10-01T10:00:00+02:00', '2025-10-01 10:00 UTC+2');
    const r = parseRecord(text, FILE);
    assert.strictEqual(r.startTime?.offsetMinutes, 120);
    assert.strictEqual(r.startTime?.raw, '2025-10-01 10:00 UTC+2');
    const a = computeAnalytics({ records: [r] }, { now: NOW });
    assert.deepStrictEqual(a.problems, []);
    assert.strictEqual(a.durations.total?.median, 1800);
    assert.strictEqual(a.recent[0].startIso, '2025-10-01T10:00:00+02:00');
  });

  it('reports a start with an offset that could be read more than one way, and falls back to the ID', () => {
    for (const start of ['2025-10-01 10:00 UTC+530', '2025-10-01 10:00 UTC +2', '2025-10-01 10:00+2', '2025-10-01 10:00-10:30']) {
      const r = parseRecord(record([]).replace('2025-10-01T10:00:00+02:00', start), FILE);
      assert.strictEqual(r.startTimeSource, 'id', start);
      assert.deepStrictEqual(r.problems.map((p) => p.message), [`Start Time is not a readable time: ${start}`], start);
    }
  });
});

describe('reading a written Downtime or Time to Healthy', () => {
  const downtime = (value: string) => computeAnalytics({ records: [parseRecord(record([`- **Downtime**: ${value}`]), FILE)] }, { now: NOW });

  it('counts a downtime of `0`, `none`, `no downtime` or `zero` as 0 s, with no problem', () => {
    // QA: `0` and `none` were "not a duration" and left out of the downtime figures.
    for (const value of ['0', '00', '0.0', '**0**', 'none', 'None', 'no downtime', 'No downtime observed', 'zero', 'none (maintenance page only)']) {
      const a = downtime(value);
      assert.deepStrictEqual(a.problems, [], value);
      assert.strictEqual(a.durations.downtime?.count, 1, value);
      assert.strictEqual(a.durations.downtime?.max, 0, value);
      assert.strictEqual(a.recent[0].downtimeSeconds, 0, value);
    }
  });

  it('still reports a downtime that says something else', () => {
    for (const value of ['a while', 'none observed', '42']) {
      const a = downtime(value);
      assert.strictEqual(a.durations.downtime, null, value);
      assert.deepStrictEqual(a.problems.map((p) => p.message), [`Downtime "${value}" is not a duration`], value);
    }
  });

  it('reads a time to healthy of `1h30` as 1h 30m, and a bare `0` as 0 s', () => {
    // QA: `1h30` was read as one hour.
    const healthy = (value: string) => computeAnalytics({ records: [parseRecord(record([`- **Time to Healthy**: ${value}`]), FILE)] }, { now: NOW });
    assert.strictEqual(healthy('1h30').durations.timeToHealthy?.max, 5400);
    assert.strictEqual(healthy('0').durations.timeToHealthy?.max, 0);
    assert.deepStrictEqual(healthy('0').problems, []);
    assert.strictEqual(healthy('none').durations.timeToHealthy, null, 'only Downtime reads `none` as nothing');
  });
});

describe('reading an issue Resolution', () => {
  // Whether each written resolution resolves its issue, including the forms QA found read as resolved.
  const table: ReadonlyArray<readonly [string, boolean]> = [
    ['Released the lock', true],
    ['Resolved by restarting the agent', true],
    ['Fixed: bumped the provider to 5.2', true],
    ['Restarted the agent ✅', true],
    ['PENDING - need SSH access', false],
    ['**[PENDING]** - Need to set up SSH key access', false],
    ['Ongoing', false],
    ['TBD', false],
    ['', false],
    // Read as resolved before.
    ['Not resolved', false],
    ['No resolution yet', false],
    ['None', false],
    ['❌ not fixed', false],
    ['Still investigating', false],
    ['Unknown', false],
    ['Workaround pending', false],
    ['Fix in progress', false],
    ['Never fixed', false],
    ["Didn't help; escalated", false],
    ['Unable to reproduce', false],
    ['🔄 retrying', false],
    ['(pending vendor reply)', false],
    // A negation that says nothing was needed resolves it.
    ['Not an issue after all — closed', true],
    ['No issue after the restart', true],
    ['No action needed', true],
    ['Nothing to fix', true],
    ['No longer happens since 2.4', true],
    ['Notified the vendor, who fixed the feed', true],
    ['Node restarted', true]
  ];

  it('reads each resolution as a careful reader would', () => {
    const wrong = table
      .map(([value, expected]) => [value, expected, parseRecord(`### Issue #1: Lock held\n- **Resolution**: ${value}\n`).issues[0].resolved] as const)
      .filter(([, expected, actual]) => actual !== expected)
      .map(([value, expected, actual]) => `${JSON.stringify(value)}: ${actual ? 'resolved' : 'unresolved'}, expected ${expected ? 'resolved' : 'unresolved'}`);
    assert.deepStrictEqual(wrong, []);
  });

  it('reads the still-open words whole: `Opened port 443` is resolved, `Open` is not', () => {
    // QA: `Opened port 443 on the firewall` was unresolved, read as `open`.
    const resolved = (value: string) => parseRecord(`### Issue #1: Port closed\n- **Resolution**: ${value}\n`).issues[0].resolved;
    const wholeWords: ReadonlyArray<readonly [string, boolean]> = [
      ['Opened port 443 on the firewall', true],
      ['OpenSSL upgraded to 3.0.13', true],
      ['Openly documented the workaround, closed', true],
      ['Ongoingmaintenance flag removed', true],
      ['Unresolvedness was the DNS cache: flushed it', true],
      ['In progressive steps, drained each node', true],
      ['To bed the change in, restarted twice', true],
      ['Open', false],
      ['Open - waiting on the vendor', false],
      ['open.', false],
      ['Pending', false],
      ['TBD: vendor', false],
      ['In progress', false],
      ['Unresolved', false],
      ['Not yet', false],
      ['None yet', false],
      ['To be confirmed', false],
      ['To be-determined', false],
      ['Blocked', false],
      ['Blockedness cleared', true],
      ['Unknownst to us the cache was stale; flushed it', true]
    ];
    const wrong = wholeWords.filter(([value, expected]) => resolved(value) !== expected).map(([value, expected]) => `${JSON.stringify(value)}: expected ${expected ? 'resolved' : 'unresolved'}`);
    assert.deepStrictEqual(wrong, []);
  });

  it('counts the unresolved issues and recommends resolving them', () => {
    const issues = table.map(([value], i) => `### Issue #${i + 1}: Issue ${i + 1}\n- **Resolution**: ${value}\n`).join('');
    const a = computeAnalytics({ records: [parseRecord(`${record([])}\n## 🚨 Issues & Resolutions Log\n${issues}`, FILE)] }, { now: NOW });
    const unresolved = table.filter(([, resolved]) => !resolved).length;
    assert.strictEqual(a.issues.unresolved, unresolved);
    assert.strictEqual(a.recommendations.find((r) => r.evidence.figure === 'issues.unresolved')?.evidence.value, unresolved);
  });
});

describe('reading a Git Branch or Git Commit of `none`', () => {
  /** A record Start Deployment writes outside a git repository (or before the first commit, or on a detached HEAD). */
  const outsideGit = (id = 'DEP-2025-10-01-10-00', previousDeployment?: { id: string; commit?: string }): string =>
    renderNewRecord(fs.readFileSync(BUNDLED_TEMPLATE, 'utf8'), {
      deploymentId: id,
      startTime: '2025-10-01T10:00:00+02:00',
      operator: 'Ana Souza',
      environment: 'production',
      workingTree: 'not a git repository',
      workingDirectory: '.',
      ...(previousDeployment ? { previousDeployment } : {})
    });

  it('reads the writer\'s own `none` (and a dash) as no branch and no commit recorded', () => {
    const written = outsideGit();
    assert.match(written, /- \*\*Git Branch\*\*: none\n- \*\*Git Commit\*\*: none\n/);
    const r = parseRecord(written, FILE);
    assert.strictEqual(r.branch, undefined);
    assert.strictEqual(r.commit, undefined);
    for (const value of ['none', 'None', '**none**', '(none)', '—', '-']) {
      const hand = parseRecord(record([], [`- **Git Branch**: ${value}`, `- **Git Commit**: ${value}`]), FILE);
      assert.deepStrictEqual([hand.branch, hand.commit], [undefined, undefined], value);
    }
    const named = parseRecord(record([], ['- **Git Branch**: none-such', '- **Git Commit**: c4ced32f']), FILE);
    assert.deepStrictEqual([named.branch, named.commit], ['none-such', 'c4ced32f']);
    assert.strictEqual(parseRecord(record([]).replace('Ana Souza', 'none')).operator, 'none', 'only the git fields read `none` as not recorded');
  });

  it('names no commit for the next record\'s Previous Deployment', () => {
    const first = parseRecord(outsideGit(), FILE);
    const next = parseRecord(outsideGit('DEP-2025-10-02-10-00', { id: first.id!, ...(first.commit === undefined ? {} : { commit: first.commit }) }));
    assert.strictEqual(next.fields.find((f) => f.key === 'Previous Deployment')?.value, 'DEP-2025-10-01-10-00');
  });

  it('shows no branch or commit in the figures and the CSV, and gives lead time\'s advice for a record without a commit', async () => {
    const finished = outsideGit()
      .replace('- **End Time**: [PENDING]', '- **End Time**: 2025-10-01T10:30:00+02:00')
      .replace('- **Success Status**: 🔄 In progress', '- **Success Status**: ✅ Succeeded');
    const records = [parseRecord(finished, FILE)];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-no-git-'));
    try {
      const leadTimes = await measureLeadTimes(records, createGitCommitHistory(dir));
      const a = computeAnalytics({ records }, { now: NOW, leadTimes, recentLimit: 1000 });
      assert.strictEqual(a.outcomes.success, 1);
      assert.strictEqual(a.recent[0].branch, undefined);
      assert.strictEqual(a.recent[0].commit, undefined);
      assert.strictEqual(metricsToCsv(a).split('\n')[1].split(',').slice(5, 7).join(','), ',');
      const advice = a.recommendations.filter((r) => r.evidence.figure.startsWith('dora.leadTime')).map((r) => r.text).join(' ');
      assert.doesNotMatch(advice, /not a hash|full commit hash/);
      assert.match(advice, /no commit recorded/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('reading a name that begins like a placeholder word', () => {
  it('keeps an operator called Todor and an environment called pendingtest, and still reads TODO or TBD as not filled in', () => {
    const named = parseRecord(record([]).replace('Ana Souza', 'Todor Ivanov').replace('production', 'pendingtest'), FILE);
    assert.strictEqual(named.operator, 'Todor Ivanov');
    assert.strictEqual(named.environment, 'pendingtest');
    for (const value of ['TODO', 'TBD - ask the release manager', '[PENDING]', 'Pending: vendor ticket 4411', 'To be decided', 'n/a']) {
      assert.strictEqual(parseRecord(record([]).replace('Ana Souza', value), FILE).operator, undefined, value);
    }
  });
});
