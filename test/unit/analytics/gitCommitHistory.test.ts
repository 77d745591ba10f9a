import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { commitPairKey, type CommitHistory, type CommitPair } from '../../../src/core/analytics/analyticsTypes';
import { allDescendFrom, countCommitsBetween, readCommitGraph } from '../../../src/core/analytics/commitGraph';
import { createGitCommitHistory } from '../../../src/core/analytics/gitCommitHistory';
import { measureLeadTimes } from '../../../src/core/analytics/leadTime';
import { parseRecord } from '../../../src/core/record/recordParser';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_DATE: '', GIT_COMMITTER_DATE: '' } });
}

/**
 * A history with a feature branch merged into main, a second branch merged later, and a
 * commit on a branch that is never merged, with known author times: main 1–4, feature a–b,
 * late x, side s. Returns the repository and each commit's full id.
 */
function repoWithBranches(): { dir: string; ids: Record<string, string> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-history-'));
  git(dir, '-c', 'init.defaultBranch=main', 'init', '--quiet');
  git(dir, 'config', 'user.name', 'Ada Operator');
  git(dir, 'config', 'user.email', 'ada@example.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
  const ids: Record<string, string> = {};
  let clock = 1_750_000_000;
  const at = (name: string, ...args: string[]) => {
    clock += 3600;
    execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_DATE: `@${clock} +0000`, GIT_COMMITTER_DATE: `@${clock} +0000` } });
    ids[name] = git(dir, 'rev-parse', 'HEAD').trim();
  };
  const commit = (name: string) => {
    fs.writeFileSync(path.join(dir, `${name}.txt`), `${name}\n`);
    git(dir, 'add', `${name}.txt`);
    at(name, 'commit', '--quiet', '-m', name);
  };
  commit('m1');
  git(dir, 'checkout', '--quiet', '-b', 'feature');
  commit('a');
  commit('b');
  git(dir, 'checkout', '--quiet', 'main');
  commit('m2');
  git(dir, 'checkout', '--quiet', '-b', 'late');
  commit('x');
  git(dir, 'checkout', '--quiet', 'main');
  at('merge1', 'merge', '--quiet', '--no-ff', '-m', 'merge feature', 'feature');
  commit('m3');
  at('merge2', 'merge', '--quiet', '--no-ff', '-m', 'merge late', 'late');
  commit('m4');
  git(dir, 'checkout', '--quiet', '-b', 'side', ids.m2);
  commit('s');
  git(dir, 'checkout', '--quiet', 'main');
  return { dir, ids };
}

describe('git history for lead time, read in batches', () => {
  let repo: { dir: string; ids: Record<string, string> };
  before(() => {
    repo = repoWithBranches();
  });
  after(() => fs.rmSync(repo.dir, { recursive: true, force: true }));

  it('counts the commits of every range exactly as `git rev-list --count` does, merges and unmerged branches included', async () => {
    const names = Object.keys(repo.ids);
    const pairs: CommitPair[] = [];
    for (const older of names) {
      for (const newer of names) {
        pairs.push({ older: repo.ids[older], newer: repo.ids[newer] });
      }
    }
    const counts = await createGitCommitHistory(repo.dir).commitCounts!(pairs);
    for (const pair of pairs) {
      const expected = Number(git(repo.dir, 'rev-list', '--count', `${pair.older}..${pair.newer}`).trim());
      assert.deepStrictEqual(counts.get(commitPairKey(pair)), { count: expected }, commitPairKey(pair));
    }
    // A few by hand, so that the test does not rest on git alone: main's merge of feature brings a, b and itself.
    assert.deepStrictEqual(counts.get(commitPairKey({ older: repo.ids.m2, newer: repo.ids.merge1 })), { count: 3 });
    assert.deepStrictEqual(counts.get(commitPairKey({ older: repo.ids.m4, newer: repo.ids.s })), { count: 1 });
    assert.deepStrictEqual(counts.get(commitPairKey({ older: repo.ids.m4, newer: repo.ids.m1 })), { count: 0 });
  });

  it('counts the same when the walk stops at the first deployed commit, and when a deployment from an older branch means it cannot', async () => {
    // From m2 on, every commit descends from m2: the walk leaves out m1, yet merge1 still
    // brings in a and b, which lie beside m2, not below it.
    const fromMain = ['m2', 'x', 'merge1', 'm3', 'merge2', 'm4', 's'];
    // a was committed before m2 on a branch from m1: m2 does not descend from it.
    const withFeature = ['a', 'm2', 'merge1', 'm4'];
    // s, committed after m4 on a branch from m2, does not descend from m4: stopping the walk
    // at m4 would leave out the seven commits m4 holds and s does not.
    const branchAfter = ['m4', 's'];
    for (const names of [fromMain, withFeature, branchAfter]) {
      const pairs = names.flatMap((older) => names.map((newer) => ({ older: repo.ids[older], newer: repo.ids[newer] })));
      const counts = await createGitCommitHistory(repo.dir).commitCounts!(pairs);
      for (const pair of pairs) {
        const expected = Number(git(repo.dir, 'rev-list', '--count', `${pair.older}..${pair.newer}`).trim());
        assert.deepStrictEqual(counts.get(commitPairKey(pair)), { count: expected }, `${names.join(',')}: ${commitPairKey(pair)}`);
      }
    }
    const byHand = await createGitCommitHistory(repo.dir).commitCounts!([{ older: repo.ids.m2, newer: repo.ids.merge1 }, { older: repo.ids.s, newer: repo.ids.m4 }]);
    assert.deepStrictEqual(byHand.get(commitPairKey({ older: repo.ids.m2, newer: repo.ids.merge1 })), { count: 3 });
    assert.deepStrictEqual(byHand.get(commitPairKey({ older: repo.ids.s, newer: repo.ids.m4 })), { count: 7 });
  });

  it('reads author times of full and short hashes in one go, and says which commits it cannot find', async () => {
    const history = createGitCommitHistory(repo.dir);
    const short = repo.ids.b.slice(0, 8);
    const blob = git(repo.dir, 'rev-parse', 'HEAD:m1.txt').trim();
    const hashes = [repo.ids.m1, short, 'deadbeefdeadbeef', blob, 'not-a-hash'];
    const times = await history.commitTimes!(hashes);
    assert.deepStrictEqual(times.get(repo.ids.m1), { authorTimeMs: (1_750_000_000 + 3600) * 1000 });
    assert.deepStrictEqual(times.get(short), { authorTimeMs: (1_750_000_000 + 3 * 3600) * 1000 });
    assert.deepStrictEqual(times.get('deadbeefdeadbeef'), { unavailable: 'commit not found (squashed or rewritten history?)' });
    assert.deepStrictEqual(times.get(blob), { unavailable: 'commit not found (squashed or rewritten history?)' });
    assert.deepStrictEqual(times.get('not-a-hash'), { unavailable: 'the recorded commit is not a hash' });
    for (const hash of hashes) {
      assert.deepStrictEqual(times.get(hash), await history.commitTime(hash), `batch and single lookup differ for ${hash}`);
    }
  });

  it('gives the same lead times and commit counts in batches as one lookup at a time', async () => {
    const order = ['m1', 'a', 'm2', 'merge1', 'm3', 'x', 'merge2', 'm4', 's'];
    const records = order.map((name, i) =>
      parseRecord(
        [
          '## Deployment Metadata',
          `- **Start Time**: 2025-07-0${1 + Math.floor(i / 3)} 1${i}:00:00`,
          `- **Environment**: ${i % 2 === 0 ? 'production' : 'staging'}`,
          `- **Git Commit**: ${i === 4 ? 'cafebabecafebabe' : repo.ids[name]}`,
          '## Deployment Metrics',
          '- **Success Status**: ✅ Success'
        ].join('\n'),
        `2025-07-0${1 + Math.floor(i / 3)}-1${i}-00-deployment.md`
      )
    );
    const batched = createGitCommitHistory(repo.dir);
    const oneByOne: CommitHistory = { commitTime: (h) => batched.commitTime(h), commitsBetween: (a, b) => batched.commitsBetween(a, b) };
    const fromBatches = await measureLeadTimes(records, batched);
    const fromSingles = await measureLeadTimes(records, oneByOne);
    assert.deepStrictEqual(new Map([...fromBatches].sort()), new Map([...fromSingles].sort()));
    // Staging deploys a, then merge1 (b, m2 and the merge since a), x, m4; production m1, m2, an unknown commit, merge2, s.
    assert.deepStrictEqual(fromBatches.get('2025-07-02-13-00-deployment.md'), { leadSeconds: Date.UTC(2025, 6, 2, 13) / 1000 - (1_750_000_000 + 6 * 3600), commits: 3 });
    assert.deepStrictEqual(fromBatches.get('2025-07-02-14-00-deployment.md'), { unavailable: 'commit not found (squashed or rewritten history?)' });
    assert.strictEqual([...fromBatches.values()].filter((s) => 'commits' in s && s.commits !== undefined).length, 5);
  });

  it('counts range by range when one walk of the whole history fails, as in a repository missing an old commit', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-damaged-'));
    try {
      git(dir, '-c', 'init.defaultBranch=main', 'init', '--quiet');
      const ids: string[] = [];
      for (let i = 1; i <= 4; i++) {
        fs.writeFileSync(path.join(dir, 'f.txt'), `${i}\n`);
        git(dir, 'add', 'f.txt');
        git(dir, '-c', 'user.name=Ada', '-c', 'user.email=ada@example.invalid', '-c', 'commit.gpgsign=false', 'commit', '--quiet', '-m', `c${i}`);
        ids.push(git(dir, 'rev-parse', 'HEAD').trim());
      }
      // Without the first commit, a walk to the root fails; git still counts c2..c3.
      fs.rmSync(path.join(dir, '.git', 'objects', ids[0].slice(0, 2), ids[0].slice(2)));
      const counts = await createGitCommitHistory(dir).commitCounts!([{ older: ids[1], newer: ids[2] }]);
      assert.deepStrictEqual([...counts], [[`${ids[1]}..${ids[2]}`, { count: 1 }]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers every hash and range with the reason when the folder is not in a repository', async () => {
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-no-git-'));
    try {
      const history = createGitCommitHistory(plain);
      assert.deepStrictEqual([...(await history.commitTimes!(['abcdef12']))], [['abcdef12', { unavailable: 'not a git repository' }]]);
      assert.deepStrictEqual([...(await history.commitCounts!([{ older: 'abcdef12', newer: 'abcdef13' }]))], [['abcdef12..abcdef13', { unavailable: 'not a git repository' }]]);
    } finally {
      fs.rmSync(plain, { recursive: true, force: true });
    }
  });

  it('says a commit missing from a shallow clone is missing because the clone is shallow, also when asked to prepare first', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-shallow-'));
    try {
      git(dir, 'clone', '--quiet', '--depth', '1', '--no-single-branch', `file://${repo.dir}`, 'clone');
      const clone = path.join(dir, 'clone');
      const history = createGitCommitHistory(clone);
      history.prepare?.();
      const times = await history.commitTimes!([repo.ids.m4, repo.ids.m1]);
      assert.deepStrictEqual(times.get(repo.ids.m4), { authorTimeMs: Number(git(repo.dir, 'log', '-1', '--format=%at', repo.ids.m4).trim()) * 1000 });
      assert.deepStrictEqual(times.get(repo.ids.m1), { unavailable: 'shallow clone: the deployed commit is not in the local history' });
      // The same commit in the full repository is found: the reason above is the clone's.
      assert.ok('authorTimeMs' in (await createGitCommitHistory(repo.dir).commitTimes!([repo.ids.m1])).get(repo.ids.m1)!);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the commit graph', () => {
  it('counts a range in a graph read from rev-list output, and gives nothing for a commit it does not hold', () => {
    // d merges c into b; b and c both come from a.
    const graph = readCommitGraph('d b c\nc a\nb a\na\n');
    assert.strictEqual(countCommitsBetween(graph, 'a', 'd'), 3);
    assert.strictEqual(countCommitsBetween(graph, 'b', 'd'), 2);
    assert.strictEqual(countCommitsBetween(graph, 'd', 'a'), 0);
    assert.strictEqual(countCommitsBetween(graph, 'c', 'b'), 1);
    assert.strictEqual(countCommitsBetween(graph, 'e', 'd'), undefined);
  });

  it('tells whether every tip descends from a commit, so that the walk may stop there', () => {
    const graph = readCommitGraph('d b c\nc a\nb a\na\n');
    assert.strictEqual(allDescendFrom(graph, 'a', ['d', 'c', 'b', 'a']), true);
    assert.strictEqual(allDescendFrom(graph, 'b', ['d', 'b']), true);
    assert.strictEqual(allDescendFrom(graph, 'b', ['d', 'c']), false, 'c lies beside b, not above it');
    assert.strictEqual(allDescendFrom(graph, 'e', ['d']), false);
    assert.strictEqual(allDescendFrom(graph, 'a', ['e']), false);
  });
});
