import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createFolderAnalyzer, READING_GIT_HISTORY } from '../../../src/host/analyticsPanelSource';
import { commitPairKey, type CommitHistory } from '../../../src/core/analytics/analyticsTypes';
import { csvCell, serializeMetrics } from '../../../src/core/analytics/metricsExport';
import { buildDashboardModel } from '../../../src/host/analyticsPanelModel';
import { DEFAULT_FILTERS } from '../../../src/protocol';

function record(start: string, operator: string, environment: string, status: string): string {
  return ['## Deployment Metadata', '', `- **Start Time**: ${start}`, `- **Operator**: ${operator}`, `- **Environment**: ${environment}`, '', '## Deployment Metrics', '', `- **Success Status**: ${status}`, ''].join('\n');
}

describe('analytics panel folder source', () => {
  let folder: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'deployment-records-panel-source-'));
  });

  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('shows a saved change once the watcher names the file', async () => {
    fs.writeFileSync(path.join(folder, '2025-09-01-10-00-deployment.md'), record('2025-09-01 10:00:00', 'alice', 'production', '✅ Succeeded'));
    const analyzer = createFolderAnalyzer(folder);
    assert.strictEqual((await analyzer.analyze({})).outcomes.success, 1);

    fs.writeFileSync(path.join(folder, '2025-09-01-10-00-deployment.md'), record('2025-09-01 10:00:00', 'alice', 'production', '❌ Failed'));
    fs.writeFileSync(path.join(folder, '2025-09-02-10-00-deployment.md'), record('2025-09-02 10:00:00', 'bob', 'staging', '✅ Succeeded'));
    analyzer.noteChanged('2025-09-01-10-00-deployment.md');
    analyzer.noteChanged('2025-09-02-10-00-deployment.md');
    const after = await analyzer.analyze({});
    assert.deepStrictEqual([after.records, after.outcomes.success, after.outcomes.failed], [2, 1, 1]);
    assert.deepStrictEqual(analyzer.overview(), { records: 2, environments: ['production', 'staging'] });
  });

  it('lists each environment once in the filter, named as the environment distribution names it', async () => {
    // QA: `Production  East` and `production east` were two entries in the filter, one bar in the chart.
    const written: Array<[string, string]> = [['01', 'Production  East'], ['02', 'production east'], ['03', ' PRODUCTION\tEAST '], ['04', 'staging'], ['05', 'Staging'], ['06', 'dev']];
    for (const [day, environment] of written) {
      fs.writeFileSync(path.join(folder, `2025-09-${day}-10-00-deployment.md`), record(`2025-09-${day} 10:00:00`, 'alice', environment, '✅ Succeeded'));
    }
    const analyzer = createFolderAnalyzer(folder);
    const chart = (await analyzer.analyze({})).environments.map((e) => e.name);
    assert.deepStrictEqual(chart, ['Production  East', 'staging', 'dev']);
    await analyzer.analyze({ environment: 'staging' });
    assert.deepStrictEqual(analyzer.overview(), { records: 6, environments: chart });
  });

  it('says lead time is being read until git answers, then shows it, asking git once for the whole folder', async () => {
    for (const [day, commit] of [['01', 'aaaa1111'], ['02', 'bbbb2222'], ['03', 'cccc3333']]) {
      const text = record(`2025-09-${day} 10:00:00+00:00`, 'alice', 'production', '✅ Succeeded').replace('- **Operator**', `- **Git Commit**: ${commit}\n- **Operator**`);
      fs.writeFileSync(path.join(folder, `2025-09-${day}-10-00-deployment.md`), text);
    }
    const asked: string[][] = [];
    let answerGit: () => void = () => undefined;
    const gitAnswered = new Promise<void>((resolve) => (answerGit = resolve));
    const history: CommitHistory = {
      commitTime: async () => assert.fail('one git process per commit: the batch was not used'),
      commitsBetween: async () => assert.fail('one git process per range: the batch was not used'),
      commitTimes: async (hashes) => {
        asked.push([...hashes]);
        await gitAnswered;
        return new Map(hashes.map((hash) => [hash, { authorTimeMs: Date.UTC(2025, 8, 1, 8, 0, 0) }]));
      },
      commitCounts: async (pairs) => new Map(pairs.map((pair) => [commitPairKey(pair), { count: 2 }]))
    };
    let redrawn: () => void = () => undefined;
    const redraw = new Promise<void>((resolve) => (redrawn = resolve));
    const analyzer = createFolderAnalyzer(folder, { history, onLeadTimesChanged: () => redrawn() });

    const first = (await analyzer.analyze({})).dora.environments[0].leadTime;
    assert.deepStrictEqual([first.value, first.note], [null, READING_GIT_HISTORY]);
    answerGit();
    await redraw;
    const measured = (await analyzer.analyze({})).dora.environments[0].leadTime;
    assert.strictEqual(measured.samples, 3);
    assert.strictEqual(measured.note, undefined);
    assert.deepStrictEqual(asked.map((hashes) => [...hashes].sort()), [['aaaa1111', 'bbbb2222', 'cccc3333']]);

    // A save re-measures, but commits git has already answered for are not asked again.
    analyzer.noteChanged('2025-09-03-10-00-deployment.md');
    await analyzer.analyze({});
    assert.strictEqual(asked.length, 1, 'git was asked again for commits it had answered');
  });

  it('says why lead time is missing when there is no history to read', async () => {
    fs.writeFileSync(path.join(folder, '2025-09-01-10-00-deployment.md'), record('2025-09-01 10:00:00', 'alice', 'production', '✅ Succeeded'));
    const analyzer = createFolderAnalyzer(folder, { withoutHistory: 'git history is not read in a restricted workspace' });
    assert.strictEqual((await analyzer.analyze({})).dora.environments[0].leadTime.note, 'git history is not read in a restricted workspace');
  });

  it('treats a checklists folder that does not exist yet as having no records', async () => {
    const analyzer = createFolderAnalyzer(path.join(folder, 'not-created'));
    assert.strictEqual((await analyzer.analyze({})).records, 0);
  });

  it('shows no records once the checklists folder itself is deleted and the watcher names only the folder', async () => {
    const records = path.join(folder, 'checklists');
    fs.mkdirSync(records);
    fs.writeFileSync(path.join(records, '2025-09-01-10-00-deployment.md'), record('2025-09-01 10:00:00', 'alice', 'production', '✅ Succeeded'));
    const analyzer = createFolderAnalyzer(records);
    assert.strictEqual((await analyzer.analyze({})).records, 1);
    fs.rmSync(records, { recursive: true });
    analyzer.noteChanged('');
    assert.strictEqual((await analyzer.analyze({})).records, 0);
  });

  it('lists a record of a day that does not exist among the files not read, saying why', async () => {
    fs.writeFileSync(path.join(folder, '2025-09-01-10-00-deployment.md'), record('2025-09-01 10:00:00', 'alice', 'production', '✅ Succeeded'));
    fs.writeFileSync(path.join(folder, '2025-02-29-10-00-deployment.md'), record('2025-02-29T10:00:00+01:00', 'alice', 'production', '✅ Succeeded'));
    const analytics = await createFolderAnalyzer(folder).analyze({});
    // The panel lists `model.skipped` under its tables as "file: reason".
    const model = buildDashboardModel(analytics, DEFAULT_FILTERS, [], new Date(Date.UTC(2025, 9, 1)));
    assert.strictEqual(model.records, 1);
    assert.deepStrictEqual(model.skipped, [{ file: '2025-02-29-10-00-deployment.md', reason: 'start time "2025-02-29T10:00:00+01:00" is not a real date' }]);
  });
});

describe('metrics export', () => {
  it('quotes CSV cells with commas, quotes and line breaks', () => {
    assert.strictEqual(csvCell('a,b'), '"a,b"');
    assert.strictEqual(csvCell('say "hi"'), '"say ""hi"""');
    assert.strictEqual(csvCell('two\nlines'), '"two\nlines"');
    assert.strictEqual(csvCell(12.5), '12.5');
    assert.strictEqual(csvCell(undefined), '');
  });

  it('keeps a spreadsheet from running record text as a formula', () => {
    assert.strictEqual(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.strictEqual(csvCell('@SUM(A1)'), "'@SUM(A1)");
  });

  it('writes one row per deployment, oldest first, in the same format as the CLI export', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'deployment-records-export-'));
    try {
      fs.writeFileSync(path.join(folder, '2025-09-01-10-00-deployment.md'), record('2025-09-01 10:00:00', '<b>x</b>', 'production', '✅ Succeeded'));
      fs.writeFileSync(path.join(folder, '2025-09-02-10-00-deployment.md'), record('2025-09-02 10:00:00', 'bob', 'staging', '❌ Failed'));
      const analytics = await createFolderAnalyzer(folder).analyze({});
      const lines = serializeMetrics(analytics, 'csv').split('\n');
      assert.match(lines[0], /^file,id,start,operator,environment,branch,commit,outcome,total_seconds,/);
      assert.match(lines[1], /^2025-09-01-10-00-deployment\.md,DEP-2025-09-01-10-00,2025-09-01T10:00:00,<b>x<\/b>,production,,,success,/);
      assert.match(lines[2], /^2025-09-02-10-00-deployment\.md,.*,failed,/);
      assert.strictEqual(lines[3], '');
      const json = JSON.parse(serializeMetrics(analytics, 'json'));
      assert.deepStrictEqual(json.deployments.map((d: { operator: string }) => d.operator), ['<b>x</b>', 'bob']);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
