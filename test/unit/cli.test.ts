import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, type CliIo } from '../../src/cli';
import type { CommitHistory } from '../../src/core/analytics/analyticsTypes';
import { writeGeneratedRecords } from '../fixtures/generateRecords';

const REPO = path.resolve(__dirname, '..', '..', '..');
const REAL_WORLD = path.join('test', 'fixtures', 'real-world', 'deployments', 'checklists');
const NO_GIT: CommitHistory = {
  commitTime: async () => ({ unavailable: 'not a git repository' }),
  commitsBetween: async () => ({ unavailable: 'not a git repository' })
};

async function runCli(argv: string[], options: { isTTY?: boolean; env?: Record<string, string> } = {}) {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => (out += t),
    err: (t) => (err += t),
    cwd: REPO,
    env: options.env ?? {},
    isTTY: options.isTTY ?? false,
    now: Date.UTC(2025, 9, 1),
    commitHistory: () => NO_GIT
  };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('deployment-records command', () => {
  it('prints the dashboard for the real-world records, and warns about the skipped files', async () => {
    const r = await runCli(['metrics', '--folder', REAL_WORLD]);
    assert.strictEqual(r.code, 0);
    assert.match(r.out, /📊 Total Deployments: 7/);
    assert.match(r.out, /✅ Success Rate: n\/a/);
    // Four of the seven records (template copies) name neither; the lists still add up to 7.
    assert.match(r.out, /👥 Top Contributors:\n\s+basher83\s+2 deployments, 0 succeeded\n\s+basher8383\s+1 deployment,  0 succeeded\n\s+\(no operator recorded\)\s+4 deployments, 0 succeeded\n/);
    assert.match(r.out, /🌍 Environment Distribution:\n\s+development\s+2\s+\(28\.6 %\)\n\s+production\s+1\s+\(14\.3 %\)\n\s+\(none recorded\)\s+4\s+\(57\.1 %\)\n/);
    assert.match(r.out, /🚨 Issues: 6 logged \(2 high, 1 medium, 2 low impact, 1 with no impact recorded\), 2 unresolved, mean time to resolve 10m 00s\n/);
    assert.match(r.err, /warning: skipped \.gitkeep/);
    assert.match(r.err, /warning: skipped 2025-09-05-18-46-deployment\.md\.bak: backup/);
    assert.doesNotMatch(r.out, /\u001b\[/, 'no colour when stdout is not a terminal');
  });

  it('colours only on a terminal, and never when NO_COLOR is set', async () => {
    assert.match((await runCli(['metrics', '--folder', REAL_WORLD], { isTTY: true })).out, /\u001b\[1m/);
    assert.doesNotMatch((await runCli(['metrics', '--folder', REAL_WORLD], { isTTY: true, env: { NO_COLOR: '1' } })).out, /\u001b\[/);
    // no-color.org: an empty NO_COLOR (as `NO_COLOR= cmd` or a CI template leaves it) is unset.
    assert.match((await runCli(['metrics', '--folder', REAL_WORLD], { isTTY: true, env: { NO_COLOR: '' } })).out, /\u001b\[1m/);
  });

  it('writes metrics --json in the documented schema', async () => {
    const r = await runCli(['metrics', '--json', '--folder', REAL_WORLD]);
    assert.strictEqual(r.code, 0);
    const json = JSON.parse(r.out);
    assert.strictEqual(json.schemaVersion, 1);
    assert.strictEqual(json.records, 7);
    assert.deepStrictEqual(json.skipped.map((s: { file: string }) => s.file).sort(), ['.gitkeep', '2025-09-05-18-46-deployment.md.bak']);
    for (const s of json.skipped) {
      assert.strictEqual(typeof s.reason, 'string');
    }
    assert.deepStrictEqual(Object.keys(json.outcomes).sort(), ['aborted', 'failed', 'inProgress', 'rolledBack', 'success']);
    assert.strictEqual(json.successRate, null);
    // `finished` was added within schema 1; none of the seven records is finished.
    assert.deepStrictEqual(Object.keys(json.operators[0]).sort(), ['deployments', 'finished', 'name', 'succeeded']);
    assert.strictEqual(json.operators[0].finished, 0);
    assert.deepStrictEqual(Object.keys(json.environments[0]).sort(), ['deployments', 'name']);
    assert.strictEqual(json.byHour.length, 24);
    assert.strictEqual(json.byWeekday.length, 7);
    assert.strictEqual(json.byWeekday[4], 6, 'six records started on Friday 2025-09-05 (index 4, Monday first)');
    assert.strictEqual(json.durations.total, null);
    assert.deepStrictEqual(Object.keys(json.durations.phases), ['planning']);
    // The five `### Issue` blocks of 2025-09-05-18-46 (two unresolved; 5, 10 and 15 minutes to resolve), and the SSH
    // failure noted with its RESOLUTION under Pilot notes in 2025-08-31, which names no phase, impact or time.
    assert.deepStrictEqual(json.issues, {
      total: 6,
      byPhase: [{ name: 'Pre-flight', count: 3 }, { name: 'Take-off', count: 2 }],
      byImpact: { High: 2, Medium: 1, Low: 2, unknown: 1 },
      meanTimeToResolveSeconds: 600,
      unresolved: 2,
      recurringTitles: []
    });
    assert.deepStrictEqual(json.recent.map((d: { id: string; issues: number }) => [d.id, d.issues]).filter(([, issues]: [string, number]) => issues > 0), [
      ['DEP-2025-09-05-18-46', 5],
      ['DEP-2025-08-31-03-33', 1]
    ]);
    for (const key of ['dora', 'alerts', 'recommendations', 'recent', 'slowest', 'perWeek', 'perMonth', 'issues', 'steps', 'trends', 'thresholds']) {
      assert.ok(key in json, `metrics --json has ${key}`);
    }
    for (const rec of json.recommendations) {
      assert.strictEqual(typeof rec.text, 'string');
      assert.strictEqual(typeof rec.evidence.value, 'number');
    }
    // The four template copies (18-38, 18-39, 18-43, 18-44) have no metadata: they are pointed
    // out as such, and not as deployments someone forgot to finish (08-31, 18-41 and 18-46 are).
    const byFigure = new Map(json.recommendations.map((r: { evidence: { figure: string; value: number } }) => [r.evidence.figure, r.evidence.value]));
    assert.strictEqual(byFigure.get('records without Deployment Metadata'), 4);
    assert.strictEqual(byFigure.get('outcomes.inProgress (older than a day)'), 3);
  });

  it('exits 2 with a clear message for a missing folder or bad arguments, without a stack trace', async () => {
    const cases = [
      ['metrics', '--folder', 'no/such/folder'],
      ['metrics', '--bogus'],
      ['frobnicate'],
      ['metrics', '--since', 'yesterday'],
      ['history', '-n', 'zero'],
      ['export', '--format', 'xml'],
      []
    ];
    for (const argv of cases) {
      const r = await runCli(argv);
      assert.strictEqual(r.code, 2, `exit 2 for ${argv.join(' ')}`);
      assert.ok(r.err.length > 0);
      assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
    }
    assert.match((await runCli(['metrics', '--folder', 'no/such/folder'])).err, /records folder not found: no\/such\/folder/);
    // A file that exists is found: it is not a folder, and says so.
    const file = await runCli(['metrics', '--folder', 'README.md']);
    assert.strictEqual(file.code, 2);
    assert.strictEqual(file.err, 'deployment-records: records folder README.md is not a folder\nPass the folder that holds the records: --folder DIR.\n');
  });

  it('says what to type instead when an option is wrong, and prints its version', async () => {
    const message = async (...argv: string[]) => {
      const r = await runCli(argv);
      assert.strictEqual(r.code, 2, `exit 2 for ${argv.join(' ')}`);
      return r.err.split('\n')[0];
    };
    assert.strictEqual(await message('metrics', '--bogus'), 'deployment-records: unknown option "--bogus"');
    assert.strictEqual(await message('history', '-n', '-1'), 'deployment-records: -n must be a positive whole number, not "-1"');
    assert.strictEqual(await message('history', '-n', '1e1'), 'deployment-records: -n must be a positive whole number, not "1e1"');
    assert.strictEqual(await message('metrics', '--folder'), 'deployment-records: --folder needs a value');
    assert.match(await message('metrics', '--folder', '--json'), /--folder needs a value, and "--json" looks like an option/);
    assert.strictEqual(await message('metrics', '--json=yes'), 'deployment-records: --json takes no value');
    // An unset shell variable in CI (`--env "$DEPLOY_ENV"`) must not quietly change the numbers.
    assert.match(await message('metrics', '--env', ''), /--env needs an environment name; it was given an empty value/);
    assert.match(await message('metrics', '--folder', ' '), /--folder needs a folder/);
    for (const since of ['2025-02-30T10:00', '2025-09-05T24:00', '2025-09-05T18:45garbage', '2025-09-05T18:45+05:00']) {
      assert.match(await message('metrics', '--folder', REAL_WORLD, '--since', since), /is not a date \(expected YYYY-MM-DD or YYYY-MM-DDTHH:MM\[:SS\], without an offset\)/, since);
    }
    const since = await runCli(['history', '--folder', REAL_WORLD, '--since', '2025-09-05T18:42']);
    assert.strictEqual(since.code, 0);
    assert.deepStrictEqual(since.out.match(/DEP-[\d-]+/g), ['DEP-2025-09-05-18-46', 'DEP-2025-09-05-18-44', 'DEP-2025-09-05-18-43']);

    const version = await runCli(['--version']);
    assert.strictEqual(version.code, 0);
    assert.strictEqual(version.out, `${JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version}\n`);
  });

  it('refuses an option that the command does not take, naming the options it does take', async () => {
    const message = async (...argv: string[]) => {
      const r = await runCli([...argv, '--folder', REAL_WORLD]);
      assert.strictEqual(r.code, 2, `exit 2 for ${argv.join(' ')}`);
      assert.strictEqual(r.out, '');
      return r.err.split('\n')[0];
    };
    assert.strictEqual(await message('export', '--format', 'csv', '--json'), 'deployment-records: export does not take --json (metrics, trends and history do); export takes --format, --out, --folder, --env, --since');
    assert.strictEqual(await message('trends', '--max-duration', '5m'), 'deployment-records: trends does not take --max-duration (only metrics does); trends takes --folder, --env, --since, --json');
    assert.strictEqual(await message('metrics', '-n', '3'), 'deployment-records: metrics does not take -n (only history does); metrics takes --folder, --env, --since, --json, --no-git, --max-downtime, --max-duration, --max-time-to-healthy');
    assert.strictEqual(await message('history', '--out', 'x.csv'), 'deployment-records: history does not take --out (only export does); history takes -n, --folder, --env, --since, --json');
  });

  it('takes, for each command, exactly the options its --help usage line and the README table list', async () => {
    // A valid value for every option; export needs its --format to run at all.
    const samples: Record<string, string[]> = {
      '--folder': ['--folder', REAL_WORLD], '--env': ['--env', 'production'], '--since': ['--since', '2025-01-01'], '--json': ['--json'],
      '--no-git': ['--no-git'], '-n': ['-n', '3'], '--format': ['--format', 'csv'], '--out': ['--out', '-'],
      '--max-downtime': ['--max-downtime', '60'], '--max-duration': ['--max-duration', '5m'], '--max-time-to-healthy': ['--max-time-to-healthy', '90']
    };
    const help = (await runCli(['--help'])).out;
    const usage = help.slice(help.indexOf('Usage:'), help.indexOf('Options:'));
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const flags = (text: string) => (text.match(/(?<![\w-])(?:-n|--[a-z][a-z-]*)\b/g) ?? []).filter((f) => f !== '--help' && f !== '--version');
    for (const command of ['metrics', 'trends', 'history', 'export']) {
      // The usage line and its continuation lines, up to the next command's.
      const line = usage.split(/\n(?=  deployment-records )/).find((l) => l.startsWith(`  deployment-records ${command} `));
      assert.ok(line, `--help has a usage line for ${command}`);
      const row = new RegExp(`^\\| \`${command}\` \\| (.*) \\|$`, 'm').exec(readme)?.[1];
      assert.ok(row, `the README has a row for ${command}`);
      const taken: string[] = [];
      for (const [flag, argv] of Object.entries(samples)) {
        const base = command === 'export' && flag !== '--format' ? ['--format', 'csv'] : [];
        const r = await runCli([command, ...base, ...argv, ...(flag === '--folder' ? [] : ['--folder', REAL_WORLD])]);
        if (r.code === 0) {
          taken.push(flag);
        } else {
          assert.match(r.err, new RegExp(`^deployment-records: ${command} does not take ${flag} `), `${command} ${flag}: ${r.err}`);
        }
      }
      assert.deepStrictEqual([...flags(line)].sort(), [...taken].sort(), `${command}: --help lists what it takes`);
      assert.deepStrictEqual([...flags(row)].sort(), [...taken].sort(), `${command}: the README lists what it takes`);
    }
  });

  it('says in --help every --since form it takes and every reason it exits 2', async () => {
    const help = (await runCli(['--help'])).out;
    // Seconds are accepted, so the help must not say HH:MM is the end of it.
    assert.strictEqual((await runCli(['history', '--folder', REAL_WORLD, '--since', '2025-09-05T18:42:30'])).code, 0);
    assert.match(help, /YYYY-MM-DDTHH:MM\[:SS\]/);
    // An --out that cannot be written exits 2 as well; the help names each case.
    const unwritable = await runCli(['export', '--format', 'csv', '--folder', REAL_WORLD, '--out', path.join('no', 'such', 'folder', 'x.csv')]);
    assert.strictEqual(unwritable.code, 2);
    assert.match(help, /2 bad arguments, a records folder not found, not a folder or that cannot be listed,\s+or an --out file that cannot be written/);
  });

  it('exits 2 when the records folder cannot be listed, instead of reporting no deployments', function () {
    const locked = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-cli-locked-'));
    try {
      fs.writeFileSync(path.join(locked, '2025-01-01-10-00-deployment.md'), '## Deployment Metadata\n- **Start Time**: 2025-01-01 10:00:00\n');
      fs.chmodSync(locked, 0o000);
      const cli = path.join(REPO, 'out', 'src', 'cli.js');
      // As root, permissions stop nothing; without its capabilities root is held to them too.
      const asRoot = process.getuid?.() === 0;
      const command = asRoot ? ['setpriv', ['--bounding-set=-all', '--inh-caps=-all', process.execPath, cli]] as const : [process.execPath, [cli]] as const;
      const r = spawnSync(command[0], [...command[1], 'metrics', '--json', '--no-git', '--folder', locked], { encoding: 'utf8' });
      if (r.error !== undefined) {
        this.skip(); // no setpriv on this machine
      }
      assert.strictEqual(r.status, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /records folder .*dr-cli-locked-\w+: cannot be read: permission denied/);
      assert.strictEqual(r.stdout, '');
    } finally {
      fs.chmodSync(locked, 0o700);
      fs.rmSync(locked, { recursive: true, force: true });
    }
  });

  it('says why the records folder cannot be looked at, not "not found" for every failure, with its control characters shown as ?', async () => {
    // QA: a file or a locked folder on the path, and permission denied, all read "records folder not found".
    const underFile = await runCli(['metrics', '--folder', path.join('README.md', 'checklists')]);
    assert.strictEqual(underFile.code, 2);
    assert.strictEqual(underFile.err, `deployment-records: records folder ${path.join('README.md', 'checklists')} is not a folder: part of its path is a file\nPass the folder that holds the records: --folder DIR.\n`);
    const hostile = await runCli(['metrics', '--folder', 'no/such\u001b[2J\u0007folder']);
    assert.strictEqual(hostile.code, 2);
    assert.strictEqual(hostile.err, 'deployment-records: records folder not found: no/such?[2J?folder\nRun it from the repository root, or pass --folder DIR.\n');
    const hostileUnderFile = await runCli(['history', '--folder', 'README.md/\u001b]0;x\u0007']);
    assert.strictEqual(hostileUnderFile.code, 2);
    assert.match(hostileUnderFile.err, /^deployment-records: records folder README\.md\/\?\]0;x\? is not a folder: part of its path is a file\n/);
  });

  it('exits 2 saying permission denied when a folder above the records folder cannot be searched', function () {
    const locked = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-cli-locked-parent-'));
    try {
      fs.mkdirSync(path.join(locked, 'checklists'));
      fs.chmodSync(locked, 0o000);
      const cli = path.join(REPO, 'out', 'src', 'cli.js');
      // As root, permissions stop nothing; without its capabilities root is held to them too.
      const asRoot = process.getuid?.() === 0;
      const command = asRoot ? ['setpriv', ['--bounding-set=-all', '--inh-caps=-all', process.execPath, cli]] as const : [process.execPath, [cli]] as const;
      const r = spawnSync(command[0], [...command[1], 'metrics', '--json', '--no-git', '--folder', path.join(locked, 'checklists')], { encoding: 'utf8' });
      if (r.error !== undefined) {
        this.skip(); // no setpriv on this machine
      }
      assert.strictEqual(r.status, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /^deployment-records: records folder .*dr-cli-locked-parent-\w+.checklists cannot be read: permission denied \(on it or a folder above it\)\n$/);
      assert.strictEqual(r.stdout, '');
    } finally {
      fs.chmodSync(locked, 0o700);
      fs.rmSync(locked, { recursive: true, force: true });
    }
  });

  it('sums the operators after the top ten into one row, so the contributors still add up to the total', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-cli-operators-'));
    const write = (n: number, operator: string | undefined, status: string): void => {
      const start = `2025-01-${String(n + 1).padStart(2, '0')} 10:00:00`;
      const name = `2025-01-${String(n + 1).padStart(2, '0')}-10-00-deployment.md`;
      const op = operator === undefined ? '' : `- **Operator**: ${operator}\n`;
      fs.writeFileSync(path.join(dir, name), `## Deployment Metadata\n- **Start Time**: ${start}\n${op}\n## Deployment Metrics\n- **Success Status**: ${status}\n`);
    };
    try {
      // op01…op10 deploy twice each; op11 and op12 once (one succeeds); one record names nobody.
      let n = 0;
      for (let op = 1; op <= 10; op++) {
        write(n++, `op${String(op).padStart(2, '0')}`, '✅ Succeeded');
        write(n++, `op${String(op).padStart(2, '0')}`, '❌ Failed');
      }
      write(n++, 'op11', '✅ Succeeded');
      write(n++, 'op12', '❌ Failed');
      write(n++, undefined, '✅ Succeeded');
      const out = (await runCli(['metrics', '--folder', dir])).out;
      assert.match(out, /📊 Total Deployments: 23/);
      const rows = out.slice(out.indexOf('👥 Top Contributors:\n')).split('\n').slice(1, 13);
      assert.match(rows[9], /^ {3}op10 +2 deployments, 1 succeeded$/);
      assert.match(rows[10], /^ {3}\(2 others\) +2 deployments, 1 succeeded$/);
      assert.match(rows[11], /^ {3}\(no operator recorded\) +1 deployment, {2}1 succeeded$/);
      assert.strictEqual(rows.reduce((sum, row) => sum + Number(/ (\d+) deployments?,/.exec(row)?.[1]), 0), 23);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows each start with its offset, problems found in records, and an empty folder as such', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-cli-offsets-'));
    try {
      const empty = await runCli(['metrics', '--folder', dir]);
      assert.match(empty.out, /🕒 Recent Deployments:\n {3}\(no deployments\)\n/);
      assert.match((await runCli(['history', '--folder', dir])).out, /Last 0 deployments .*\n {3}\(no deployments\)\n$/);

      // 17:06 at -04:00 (21:06 UTC) is newer than 17:48 written without an offset (read as UTC).
      fs.writeFileSync(path.join(dir, '2025-06-01-17-06-deployment.md'), '## Deployment Metadata\n- **Start Time**: 2025-06-01T17:06:00-04:00\n');
      fs.writeFileSync(path.join(dir, '2025-06-01-17-48-deployment.md'), '## Deployment Metadata\n- **Start Time**: 2025-06-01 17:48:00\n- **End Time**: 2025-06-01 17:40:00\n');
      const history = await runCli(['history', '--folder', dir]);
      const rows = history.out.trim().split('\n').slice(1);
      assert.match(rows[0], /^ {3}2025-06-01 17:06 -04:00 {2}/);
      assert.match(rows[1], /^ {3}2025-06-01 17:48 {9}/);
      assert.match((await runCli(['history', '-n', '1', '--folder', dir])).out, /^🕒 Last 1 deployment \(/);

      const metrics = await runCli(['metrics', '--folder', dir]);
      // Reported at the End Time line (line 3), not at the top of the file.
      assert.match(metrics.out, /⚠️ {2}Problems in records \(1\):\n {3}2025-06-01-17-48-deployment\.md:3: End Time is before Start Time\n/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says why a record of a day that does not exist is skipped, in the warning and in the JSON', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-cli-leap-day-'));
    try {
      fs.writeFileSync(
        path.join(dir, '2025-02-29-10-00-deployment.md'),
        '## Deployment Metadata\n- **Deployment ID**: DEP-2025-02-29-10-00\n- **Start Time**: 2025-02-29T10:00:00+01:00\n- **Environment**: production\n'
      );
      const reason = 'start time "2025-02-29T10:00:00+01:00" is not a real date';
      const text = await runCli(['metrics', '--folder', dir]);
      assert.strictEqual(text.code, 0);
      assert.strictEqual(text.err, `warning: skipped 2025-02-29-10-00-deployment.md: ${reason}\n`);
      const json = await runCli(['metrics', '--json', '--folder', dir]);
      assert.deepStrictEqual(JSON.parse(json.out).skipped, [{ file: '2025-02-29-10-00-deployment.md', reason }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exports custom phases as columns of their own, and keeps record text inert on a terminal', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-cli-export-'));
    try {
      fs.writeFileSync(
        path.join(dir, '2025-01-01-10-00-deployment.md'),
        [
          '## Deployment Metadata',
          '- **Start Time**: 2025-01-01 10:00:00',
          '- **Operator**: eve\u001b[31m',
          '## Deployment Metrics',
          '- **Planning Start**: 2025-01-01 10:00:00',
          '- **Smoke Test Start**: 2025-01-01 10:05:00',
          '- **End Time**: 2025-01-01 10:25:00'
        ].join('\n')
      );
      const piped = await runCli(['export', '--format', 'csv', '--folder', dir]);
      const [header, row] = piped.out.trim().split('\n');
      assert.match(header, /,issues,smoke_test_seconds$/);
      assert.match(row, /,1500,300,,,,,,0,1200$/);
      assert.match(row, /,eve\u001b\[31m,/, 'a file or a pipe gets the data as written');
      const onTerminal = await runCli(['export', '--format', 'csv', '--folder', dir], { isTTY: true });
      assert.match(onTerminal.out, /,eve\?\[31m,/);
      assert.doesNotMatch(onTerminal.out, /\u001b/);

      const cannot = await runCli(['export', '--format', 'csv', '--folder', dir, '--out', path.join(dir, 'no', 'such', 'x.csv')]);
      assert.strictEqual(cannot.code, 2);
      assert.match(cannot.err, /cannot write .*x\.csv: its folder does not exist\n$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists history newest first and exports CSV that a spreadsheet cannot run', async () => {
    const history = await runCli(['history', '-n', '2', '--folder', REAL_WORLD]);
    assert.strictEqual(history.code, 0);
    const lines = history.out.trim().split('\n');
    assert.strictEqual(lines.length, 3);
    assert.match(lines[1], /DEP-2025-09-05-18-46/);

    // Durations and IDs line up in their columns whatever each deployment's outcome.
    const mixed = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-cli-'));
    try {
      const record = (at: string, status: string, end?: string) =>
        `## Deployment Metadata\n- **Deployment ID**: DEP-${at}\n- **Start Time**: 2025-01-0${at.slice(-1)} 10:00:00\n- **Success Status**: ${status}\n${end ? `- **End Time**: ${end}\n` : ''}`;
      fs.writeFileSync(path.join(mixed, '2025-01-01-10-00-deployment.md'), record('A1', '✅ Succeeded', '2025-01-01 11:35:48'));
      fs.writeFileSync(path.join(mixed, '2025-01-02-10-00-deployment.md'), record('B2', '❌ Failed', '2025-01-02 10:26:22'));
      fs.writeFileSync(path.join(mixed, '2025-01-03-10-00-deployment.md'), record('C3', '↩️ Rolled back', '2025-01-03 10:00:09'));
      fs.writeFileSync(path.join(mixed, '2025-01-04-10-00-deployment.md'), record('D4', 'In progress'));
      const rows = (await runCli(['history', '--folder', mixed])).out.trim().split('\n').slice(1);
      assert.strictEqual(rows.length, 4);
      // Every mark is one emoji, two columns wide on a terminal: count code points, leaving
      // out the variation selector that ↩️ and ⏹️ carry.
      const idColumns = rows.map((row) => [...row.slice(0, row.indexOf('DEP-'))].filter((c) => c !== '\uFE0F').length);
      assert.strictEqual(new Set(idColumns).size, 1, `IDs start in one column:\n${rows.join('\n')}`);
      assert.match(rows[3], /✅ succeeded {4}1h 35m 48s {2}DEP-A1$/);
      assert.match(rows[2], /❌ failed {10}26m 22s {2}DEP-B2$/);
    } finally {
      fs.rmSync(mixed, { recursive: true, force: true });
    }

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-cli-'));
    try {
      fs.writeFileSync(path.join(dir, '2025-01-01-10-00-deployment.md'), '## Deployment Metadata\n- **Start Time**: 2025-01-01 10:00:00\n- **Operator**: =HYPERLINK("x")\n');
      const exported = await runCli(['export', '--format', 'csv', '--folder', dir]);
      assert.strictEqual(exported.code, 0);
      const [header, row] = exported.out.trim().split('\n');
      assert.match(header, /^file,id,start,operator,environment/);
      assert.match(row, /,"'=HYPERLINK\(""x""\)",/);
      const out = path.join(dir, 'export.json');
      assert.strictEqual((await runCli(['export', '--format', 'json', '--folder', dir, '--out', out])).code, 0);
      assert.strictEqual(JSON.parse(fs.readFileSync(out, 'utf8')).deployments.length, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('warns when --env names an environment no record has, naming those it has, and still exits 0', async () => {
    const warning = 'warning: no deployment in environment "prodution"; environments recorded: development, production\n';
    const typo = await runCli(['metrics', '--folder', REAL_WORLD, '--env', 'prodution']);
    assert.strictEqual(typo.code, 0, 'an empty result is a result');
    assert.match(typo.out, /📊 Total Deployments: 0/);
    assert.ok(typo.err.endsWith(warning), typo.err);
    for (const command of [['trends'], ['history'], ['export', '--format', 'csv']]) {
      assert.ok((await runCli([...command, '--folder', REAL_WORLD, '--env', 'prodution'])).err.endsWith(warning), command[0]);
    }
    // Named as --env compares names: case and spacing aside. A --since that leaves nothing is no typo.
    for (const env of ['PRODUCTION', ' Development ']) {
      assert.doesNotMatch((await runCli(['metrics', '--folder', REAL_WORLD, '--env', env])).err, /no deployment in environment/, env);
    }
    const since = await runCli(['metrics', '--folder', REAL_WORLD, '--env', 'production', '--since', '2030-01-01']);
    assert.match(since.out, /📊 Total Deployments: 0/);
    assert.doesNotMatch(since.err, /no deployment in environment/);

    // The warning goes to stderr: metrics --json stays JSON on stdout, in a real process too.
    const cli = path.join(REPO, 'out', 'src', 'cli.js');
    const json = spawnSync(process.execPath, [cli, 'metrics', '--json', '--no-git', '--folder', REAL_WORLD, '--env', 'prodution'], { cwd: REPO, encoding: 'utf8' });
    assert.strictEqual(json.status, 0, json.stderr);
    assert.strictEqual(JSON.parse(json.stdout).records, 0);
    assert.ok(json.stderr.endsWith(warning), json.stderr);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-cli-env-'));
    try {
      fs.writeFileSync(path.join(dir, '2025-01-01-10-00-deployment.md'), '## Deployment Metadata\n- **Start Time**: 2025-01-01 10:00:00\n');
      assert.strictEqual((await runCli(['history', '--folder', dir, '--env', 'production'])).err, 'warning: no deployment in environment "production"; no record names an environment\n');
      for (let i = 1; i <= 12; i++) {
        const at = `2025-01-${String(i + 1).padStart(2, '0')}`;
        fs.writeFileSync(path.join(dir, `${at}-10-00-deployment.md`), `## Deployment Metadata\n- **Start Time**: ${at} 10:00:00\n- **Environment**: env${String(i).padStart(2, '0')}\n`);
      }
      assert.match((await runCli(['history', '--folder', dir, '--env', 'production'])).err, /; environments recorded: env01, env02, env03, env04, env05, env06, env07, env08, env09, env10 and 2 more\n$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exports to standard output with --out -, and to a file named - only when asked for ./-', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-cli-out-dash-'));
    try {
      const cli = path.join(REPO, 'out', 'src', 'cli.js');
      const run = (...argv: string[]) => spawnSync(process.execPath, [cli, 'export', '--folder', path.join(REPO, REAL_WORLD), ...argv], { cwd, encoding: 'utf8' });
      const toStdout = run('--format', 'csv', '--out', '-');
      assert.strictEqual(toStdout.status, 0, toStdout.stderr);
      assert.match(toStdout.stdout, /^file,id,start,operator,environment/);
      assert.strictEqual(toStdout.stdout, run('--format', 'csv').stdout, 'the same as without --out');
      assert.doesNotMatch(toStdout.stderr, /exported/);
      assert.deepStrictEqual(fs.readdirSync(cwd), [], 'no file named - was written');
      const json = run('--format', 'json', '--out=-');
      assert.strictEqual(JSON.parse(json.stdout).deployments.length, 7);
      const toFile = run('--format', 'csv', '--out', './-');
      assert.strictEqual(toFile.status, 0, toFile.stderr);
      assert.strictEqual(toFile.stdout, '');
      assert.strictEqual(fs.readFileSync(path.join(cwd, '-'), 'utf8'), toStdout.stdout);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('raises duration alerts at the thresholds given on the command line, and rejects a nonsense threshold', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-cli-thresholds-'));
    try {
      writeGeneratedRecords(dir, { count: 30 });
      const durationAlerts = async (extra: string[]) => {
        const r = await runCli(['metrics', '--json', '--no-git', '--folder', dir, ...extra]);
        assert.strictEqual(r.code, 0, r.err);
        const json = JSON.parse(r.out);
        return { count: json.alerts.filter((a: { kind: string }) => a.kind === 'totalDuration').length, threshold: json.thresholds.totalSeconds };
      };
      const byDefault = await durationAlerts([]);
      assert.strictEqual(byDefault.threshold, 300);
      assert.ok(byDefault.count > 0, 'generated deployments take longer than five minutes');
      const relaxed = await durationAlerts(['--max-duration', '1h 30m']);
      assert.strictEqual(relaxed.threshold, 5400);
      assert.ok(relaxed.count < byDefault.count, `raising the threshold should drop alerts (${relaxed.count} vs ${byDefault.count})`);
      const bad = await runCli(['metrics', '--folder', dir, '--max-downtime', 'soon']);
      assert.strictEqual(bad.code, 2);
      assert.match(bad.err, /--max-downtime must be a number of seconds/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes a threshold written as a whole duration, and refuses one followed by other text', async () => {
    const threshold = async (value: string) => {
      const r = await runCli(['metrics', '--json', '--no-git', '--folder', REAL_WORLD, '--max-duration', value]);
      return { code: r.code, err: r.err, seconds: r.code === 0 ? JSON.parse(r.out).thresholds.totalSeconds : undefined };
    };
    assert.strictEqual((await threshold('1h30')).seconds, 5400);
    assert.strictEqual((await threshold('5m')).seconds, 300);
    assert.strictEqual((await threshold('00:05:00')).seconds, 300);
    for (const value of ['5m garbage', '1h 30 (approx.)', 'about 5m', '5m and']) {
      const r = await threshold(value);
      assert.strictEqual(r.code, 2, value);
      assert.strictEqual(r.err.split('\n')[0], `deployment-records: --max-duration must be a number of seconds or a duration such as 5m or 1h 30m, with nothing after it, not "${value}"`);
    }
    const downtime = await runCli(['metrics', '--folder', REAL_WORLD, '--max-downtime', '30s of it']);
    assert.strictEqual(downtime.code, 2);
    assert.match(downtime.err, /--max-downtime must be/);
  });

  it('runs as a bundled program: node dist/cli.js', function () {
    this.timeout(60_000);
    // Bundle the CLI the way `npm run build:cli` does, into a temporary folder.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-cli-bin-'));
    try {
      const outfile = path.join(dir, 'cli.js');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const esbuild = require('esbuild') as typeof import('esbuild');
      try {
        esbuild.buildSync({ entryPoints: [path.join(REPO, 'src', 'cli.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile, logLevel: 'silent' });
      } finally {
        // The build leaves esbuild's service process running, which would keep mocha from exiting.
        void esbuild.stop();
      }
      const ok = spawnSync(process.execPath, [outfile, 'metrics', '--json', '--no-git', '--folder', REAL_WORLD], { cwd: REPO, encoding: 'utf8' });
      assert.strictEqual(ok.status, 0);
      assert.strictEqual(JSON.parse(ok.stdout).records, 7);
      assert.match(ok.stderr, /warning: skipped/);
      const missing = spawnSync(process.execPath, [outfile, 'metrics'], { cwd: dir, encoding: 'utf8' });
      assert.strictEqual(missing.status, 2);
      assert.match(missing.stderr, /records folder not found: deployments[\\/]checklists/);
      assert.doesNotMatch(missing.stderr, /\n\s+at /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
