import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main, type CliIo } from '../../../src/cli';
import { createHostileCorpus, HostileCorpus } from '../../fixtures/hostileCorpus';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function cli(corpus: HostileCorpus, ...argv: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (text) => (out += text),
    err: (text) => (err += text),
    cwd: corpus.root,
    env: {},
    isTTY: false,
    now: Date.UTC(2026, 0, 1)
  };
  const code = await main(['--folder', corpus.checklists, ...argv], io);
  return { code, out, err };
}

const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('the CLI on a hostile checklists folder', function () {
  this.timeout(120_000);
  let corpus: HostileCorpus;

  before(() => {
    corpus = createHostileCorpus();
  });
  after(() => corpus?.dispose());

  // Only metrics reads git, so only metrics takes --no-git.
  for (const argv of [['metrics', '--no-git'], ['trends'], ['history', '-n', '50']]) {
    it(`\`${argv.join(' ')}\` finishes with exit code 0, warns about each skipped file, and prints no terminal control characters`, async () => {
      const run = await cli(corpus, ...argv);
      assert.equal(run.code, 0, run.err);
      assert.doesNotMatch(run.out, TERMINAL_CONTROL, 'record text reached the terminal as control characters');
      assert.doesNotMatch(run.err, TERMINAL_CONTROL);
      assert.match(run.err, /binary/);
      assert.match(run.err, /larger than 5 MB/);
    });
  }

  it('`metrics --json` is valid JSON of bounded size with the records kept as plain strings', async () => {
    const run = await cli(corpus, 'metrics', '--json', '--no-git');
    assert.equal(run.code, 0, run.err);
    assert.ok(run.out.length < 2 * 1024 * 1024, `metrics --json printed ${run.out.length} characters`);
    const metrics = JSON.parse(run.out) as { operators: { name: string }[] };
    assert.ok(metrics.operators.some((o) => o.name.startsWith('<script>')), 'the hostile operator name was lost or altered');
  });

  it('`export --format csv` defuses cells a spreadsheet would run as a formula', async () => {
    const target = path.join(corpus.root, 'export.csv');
    const run = await cli(corpus, 'export', '--format', 'csv', '--out', target);
    assert.equal(run.code, 0, run.err);
    const csv = fs.readFileSync(target, 'utf8');
    assert.ok(csv.includes('=HYPERLINK('), 'the formula text itself should be kept');
    for (const line of csv.split(/\r?\n/)) {
      for (const cell of line.split(',')) {
        assert.doesNotMatch(cell, /^"?[=+@]/, `a cell starts like a formula: ${cell}`);
      }
    }
  });
});
