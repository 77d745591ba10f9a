import * as assert from 'assert';
import { parseRecord } from '../../../src/core/record/recordParser';
import { computeAnalytics } from '../../../src/core/analytics/computeAnalytics';
import { computeDora, type DoraDeployment } from '../../../src/core/analytics/dora';
import { measureLeadTimes } from '../../../src/core/analytics/leadTime';
import type { CommitHistory, DeploymentAnalytics } from '../../../src/core/analytics/analyticsTypes';
import type { ParsedRecord } from '../../../src/core/record/recordTypes';

const NOW = Date.UTC(2025, 11, 1);
const HOUR = 3600;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

type Status = 'success' | 'failed' | 'rolledBack';
const STATUS_TEXT: Record<Status, string> = { success: '✅ Succeeded', failed: '❌ Failed', rolledBack: '↩️ Rolled back' };

/** One finished record, started `n` hours after 2025-09-01 00:00 and done ten minutes later. */
function record(n: number, environment: string, status: Status, commit?: string): ParsedRecord {
  const start = new Date(Date.UTC(2025, 8, 1) + n * HOUR * 1000);
  const end = new Date(start.getTime() + 600_000);
  const stamp = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
  const name = `${stamp(start).slice(0, 16).replace(/[ :]/g, '-')}-deployment.md`;
  const text = [
    '## Deployment Metadata',
    `- **Deployment ID**: DEP-${n}`,
    `- **Start Time**: ${stamp(start)}`,
    `- **Environment**: ${environment}`,
    ...(commit ? [`- **Git Commit**: ${commit}`] : []),
    '## Deployment Metrics',
    `- **End Time**: ${stamp(end)}`,
    `- **Success Status**: ${STATUS_TEXT[status]}`,
    ''
  ].join('\n');
  return parseRecord(text, name);
}

/** `count` records in `environment`, the first `failures` of them failed, an hour apart from hour `from`. */
function records(from: number, environment: string, count: number, failures: number, commit?: string): ParsedRecord[] {
  return Array.from({ length: count }, (_, i) => record(from + i, environment, i < failures ? 'failed' : 'success', commit));
}

function recommendation(a: DeploymentAnalytics, pattern: RegExp) {
  return a.recommendations.filter((r) => pattern.test(r.text));
}

describe('DORA environments, as the environment distribution counts them', () => {
  it('counts production, Production and PRODUCTION as one environment, with one change failure rate', () => {
    const a = computeAnalytics({ records: [record(0, 'production', 'failed'), record(1, 'Production', 'success'), record(2, ' PRODUCTION ', 'success')] }, { now: NOW });
    assert.deepStrictEqual(a.environments, [{ name: 'production', deployments: 3 }]);
    assert.deepStrictEqual(a.dora.environments.map((e) => e.environment), ['production']);
    const [production] = a.dora.environments;
    assert.deepStrictEqual(
      [production.changeFailureRate.value, production.changeFailureRate.band, production.changeFailureRate.samples, production.deploymentFrequency.samples],
      [0.3333, 'low', 3, 3]
    );
    assert.deepStrictEqual([production.recoveryTime.samples, production.recoveryTime.unrecovered], [1, 0], 'the failure recovered by the next success, whatever its spelling');
    const cfr = recommendation(a, /^Change failure rate/);
    assert.strictEqual(cfr.length, 1);
    assert.match(cfr[0].text, /^Change failure rate in production is 33\.3 % \(low/);
    assert.doesNotMatch(cfr[0].text, /100 %/);
  });

  it('shows each environment by the name the distribution shows, whatever order the records come in', () => {
    const list = [record(0, 'Production', 'success'), record(1, 'production', 'failed'), record(2, 'Staging  EU', 'success'), record(3, 'staging eu', 'success')];
    for (const input of [list, [...list].reverse()]) {
      const a = computeAnalytics({ records: input }, { now: NOW });
      assert.deepStrictEqual(a.environments.map((e) => e.name).sort(), ['Production', 'Staging  EU']);
      assert.deepStrictEqual(a.dora.environments.map((e) => e.environment), ['Production', 'Staging  EU']);
      assert.deepStrictEqual(a.dora.environments.map((e) => e.deploymentFrequency.samples), [2, 2]);
      assert.ok(a.recommendations.some((r) => r.evidence.figure === 'dora.Production.changeFailureRate'));
    }
  });
});

describe('lead time recommendation', () => {
  const history = (reason: (hash: string) => string): CommitHistory => ({
    commitTime: async (hash) => ({ unavailable: reason(hash) }),
    commitsBetween: async () => ({ unavailable: 'not asked' })
  });

  async function analysed(input: ParsedRecord[], reason: (hash: string) => string): Promise<DeploymentAnalytics> {
    return computeAnalytics({ records: input }, { now: NOW, leadTimes: await measureLeadTimes(input, history(reason)) });
  }

  const unmeasured = (a: DeploymentAnalytics) => recommendation(a, /^Lead time could not be measured/);

  it('counts the successful deployments of every environment it names, and carries that sum as evidence', async () => {
    // development 2, production 4, staging 3 successful deployments (one failure each).
    const input = [...records(0, 'development', 3, 1, 'aaaa1111'), ...records(10, 'production', 5, 1, 'aaaa1111'), ...records(20, 'staging', 4, 1, 'aaaa1111')];
    const a = await analysed(input, () => 'not a git repository');
    const [lead] = unmeasured(a);
    assert.ok(lead, 'no lead time recommendation');
    assert.match(lead.text, /^Lead time could not be measured for 9 successful deployments in development, production, staging \(9: not a git repository\)\./);
    assert.deepStrictEqual(lead.evidence, { figure: 'dora.leadTime (successful deployments not measured)', value: 9 });
  });

  it('gives advice that fits the reason, and none it does not know', async () => {
    const cases: Array<[reason: string, expected: RegExp | null]> = [
      ['shallow clone: the deployed commit is not in the local history', /git fetch --unshallow/],
      ['not a git repository', /The records folder is not in a git repository/],
      ['git is not installed', /Install git/],
      ['commit not found (squashed or rewritten history?)', /fetch the branches they were deployed from/],
      ['the recorded commit is not a hash', /full commit hash/],
      ['git did not answer within 5 s', null]
    ];
    for (const [reason, expected] of cases) {
      const [lead] = unmeasured(await analysed(records(0, 'production', 3, 0, 'aaaa1111'), () => reason));
      assert.ok(lead, `no recommendation for "${reason}"`);
      assert.ok(lead.text.includes(`(3: ${reason}).`), lead.text);
      if (expected) {
        assert.match(lead.text, expected);
      } else {
        assert.ok(lead.text.endsWith(`(3: ${reason}).`), `"${reason}" got advice: ${lead.text}`);
      }
      if (!reason.startsWith('shallow clone')) {
        assert.doesNotMatch(lead.text, /unshallow/, `"${reason}" is not a shallow clone`);
      }
    }
  });

  it('lists each reason with its count, and the advice for each', async () => {
    const input = [...records(0, 'production', 3, 0, 'aaaa1111'), ...records(10, 'production', 2, 0, 'bbbb2222'), ...records(20, 'staging', 2, 0)];
    const a = await analysed(input, (hash) => (hash === 'aaaa1111' ? 'shallow clone: the deployed commit is not in the local history' : 'commit not found (squashed or rewritten history?)'));
    const [lead] = unmeasured(a);
    assert.match(lead.text, /for 7 successful deployments in production, staging \(3: shallow clone: the deployed commit is not in the local history; 2: commit not found \(squashed or rewritten history\?\); 2: no commit recorded\)\./);
    assert.match(lead.text, /git fetch --unshallow/);
    assert.match(lead.text, /fetch the branches/);
    assert.match(lead.text, /Record the deployed commit \(Git Commit\)/);
    assert.strictEqual(lead.evidence.value, 7);
  });

  it('is not made when git was not asked', () => {
    const a = computeAnalytics({ records: records(0, 'production', 3, 0, 'aaaa1111') }, { now: NOW });
    assert.strictEqual(a.dora.environments[0].leadTime.note, 'git history not read');
    assert.deepStrictEqual(unmeasured(a), []);
  });
});

describe('one environment however it is spelled, everywhere', () => {
  it('filters with --env, and finds the previous deployed commit, by the key the distribution counts', async () => {
    const spelled = [record(0, 'US East', 'success', 'aaa1111'), record(1, 'us  east', 'success', 'bbb2222'), record(2, 'US EAST ', 'success', 'ccc3333')];
    const filtered = computeAnalytics({ records: spelled }, { now: NOW, environment: ' us   East' });
    assert.strictEqual(filtered.records, 3);
    const pairs: Array<[string, string]> = [];
    const history: CommitHistory = {
      commitTime: async () => ({ authorTimeMs: Date.UTC(2025, 7, 31) }),
      commitsBetween: async (from, to) => {
        pairs.push([from, to]);
        return { count: 1 };
      }
    };
    await measureLeadTimes(spelled, history);
    assert.deepStrictEqual(pairs.sort(), [['aaa1111', 'bbb2222'], ['bbb2222', 'ccc3333']]);
  });
});

describe('DORA bands and thresholds on exact values', () => {
  it('bands a change failure rate of 2/13 (15.4 %) as low, gives it to four decimals, and says 15.4 %', () => {
    const a = computeAnalytics({ records: records(0, 'staging', 13, 2) }, { now: NOW });
    const cfr = a.dora.environments[0].changeFailureRate;
    assert.deepStrictEqual([cfr.value, cfr.band], [0.1538, 'low']);
    const [text] = recommendation(a, /^Change failure rate in staging/);
    assert.match(text.text, /is 15\.4 % \(low in/);
    assert.deepStrictEqual(text.evidence, { figure: 'dora.staging.changeFailureRate', value: 0.1538 });
  });

  it('bands deployment frequency on the exact rate: 3 in 13 weeks is monthly (medium), 1 in 1.004 weeks is under weekly (medium)', () => {
    const at = (i: number, weeks: number): DoraDeployment => ({ file: `${i}.md`, environment: 'production', outcome: 'success', startMs: i * weeks * WEEK * 1000 });
    const monthly = computeDora([at(0, 6.5), at(1, 6.5), at(2, 6.5)], 13 * WEEK).environments[0].deploymentFrequency;
    assert.deepStrictEqual([monthly.value, monthly.band], [0.23, 'medium']); // 3/13 = 12/52 exactly: the medium bound
    const weekly = computeDora([at(0, 1)], 1.004 * WEEK).environments[0].deploymentFrequency;
    assert.deepStrictEqual([weekly.value, weekly.band], [1, 'medium']); // 0.996 a week is not once a week
  });

  it('bands lead time and recovery time on the exact median, not the one rounded to a bound', () => {
    const deployments: DoraDeployment[] = [
      { file: 'a.md', environment: 'production', outcome: 'failed', startMs: 0, endMs: 1000 },
      // Restored 0.004 s short of an hour after the failure ended.
      { file: 'b.md', environment: 'production', outcome: 'success', startMs: 60_000, endMs: 1000 + HOUR * 1000 - 4 }
    ];
    const [production] = computeDora(deployments, WEEK, { leadTimes: new Map([['b.md', { leadSeconds: DAY - 0.004 }]]) }).environments;
    assert.deepStrictEqual([production.recoveryTime.value, production.recoveryTime.band], [HOUR, 'elite']);
    assert.deepStrictEqual([production.leadTime.value, production.leadTime.band], [DAY, 'elite']);
  });

  it('recommends a look at a success rate of 26/29 (89.7 %), and gives it to four decimals', () => {
    const a = computeAnalytics({ records: records(0, 'production', 29, 3) }, { now: NOW });
    assert.strictEqual(a.successRate, 0.8966);
    const rate = a.recommendations.find((r) => r.evidence.figure === 'successRate');
    assert.ok(rate, '89.7 % is below 90 %');
    assert.match(rate.text, /^Success rate is 89\.7 % over 29 finished deployments, below 90 %/);
  });

  it('writes the success rate as the dashboard shows it: 50/59 reads the same in the text and on the card', () => {
    const a = computeAnalytics({ records: records(0, 'production', 59, 9) }, { now: NOW });
    assert.strictEqual(a.successRate, 0.8475);
    // The card and the command show `Math.round(ratio * 1000) / 10` of the JSON's figure.
    const shown = `${Math.round((a.successRate ?? 0) * 1000) / 10} %`;
    const rate = a.recommendations.find((r) => r.evidence.figure === 'successRate');
    assert.ok(rate?.text.startsWith(`Success rate is ${shown} over 59 finished deployments`), `${rate?.text} / card: ${shown}`);
  });

  it('does not write a success rate just below 90 % as 90 %', () => {
    const a = computeAnalytics({ records: records(0, 'production', 249, 25) }, { now: NOW });
    const rate = a.recommendations.find((r) => r.evidence.figure === 'successRate');
    assert.match(rate?.text ?? '', /^Success rate is 89\.96 % over 249 finished deployments, below 90 %/); // 224/249
  });
});
