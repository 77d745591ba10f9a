import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { commitSingleFile, describeWorkingTree, readGitState, type GitState } from '../../src/host/gitAdapter';

/*
 * Git in awkward states, made with the git CLI in temporary folders and read through the same
 * adapter Start Deployment and Commit Deployment Record use. Each state must end up stated in
 * the record's `Working Tree` line (or as a commit result the command turns into a message).
 * No vscode import: the adapter is plain Node, so this suite also runs under plain mocha.
 */

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'protocol.file.allow=always', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.invalid', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.invalid' }
  });
}

function tryGit(cwd: string, ...args: string[]): void {
  try {
    git(cwd, ...args);
  } catch {
    // Expected to fail (a conflicting merge); the state it leaves is what the test reads.
  }
}

const made: string[] = [];

function tempDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `dr-git-${name}-`));
  made.push(dir);
  return dir;
}

function repo(name: string): string {
  const dir = tempDir(name);
  git(dir, '-c', 'init.defaultBranch=main', 'init', '--quiet');
  git(dir, 'config', 'commit.gpgsign', 'false');
  fs.writeFileSync(path.join(dir, 'app.txt'), 'one\n');
  git(dir, 'add', 'app.txt');
  git(dir, 'commit', '--quiet', '-m', 'first');
  fs.writeFileSync(path.join(dir, 'app.txt'), 'two\n');
  git(dir, 'commit', '--quiet', '-am', 'second');
  return dir;
}

function conflicting(name: string): string {
  const dir = repo(name);
  git(dir, 'checkout', '--quiet', '-b', 'other', 'HEAD~1');
  fs.writeFileSync(path.join(dir, 'app.txt'), 'other\n');
  git(dir, 'commit', '--quiet', '-am', 'other');
  git(dir, 'checkout', '--quiet', 'main');
  return dir;
}

function working(state: GitState): string {
  return describeWorkingTree(state);
}

suite('Reliability: git in awkward states', function () {
  this.timeout(60_000);

  suiteTeardown(() => {
    for (const dir of made.splice(0)) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a folder that is not a repository is stated as such', async () => {
    const state = await readGitState(tempDir('plain'));
    assert.strictEqual(state.kind, 'notRepository');
    assert.strictEqual(working(state), 'not a git repository');
  });

  test('a detached HEAD is stated, with the commit still recorded', async () => {
    const dir = repo('detached');
    git(dir, 'checkout', '--quiet', '--detach', 'HEAD~1');
    const state = await readGitState(dir);
    assert.ok(state.kind === 'repository' && state.detached && state.branch === undefined);
    assert.strictEqual(state.commit, git(dir, 'rev-parse', 'HEAD').trim());
    assert.match(working(state), /detached HEAD/);
  });

  test('a shallow clone is stated, and its branch and commit are read', async () => {
    const source = repo('shallow-source');
    const dir = path.join(tempDir('shallow'), 'clone');
    git(path.dirname(dir), 'clone', '--quiet', '--depth', '1', `file://${source}`, dir);
    const state = await readGitState(dir);
    assert.ok(state.kind === 'repository');
    assert.strictEqual(state.branch, 'main');
    assert.strictEqual(state.commit, git(source, 'rev-parse', 'HEAD').trim());
    assert.match(working(state), /shallow clone/);
  });

  test('a merge in progress is stated', async () => {
    const dir = conflicting('merge');
    tryGit(dir, 'merge', '--quiet', 'other');
    assert.ok(fs.existsSync(path.join(dir, '.git', 'MERGE_HEAD')), 'the test did not manage to stop a merge half-way');
    const state = await readGitState(dir);
    assert.strictEqual(state.kind, 'repository');
    assert.match(working(state), /merge in progress/);
  });

  test('a rebase in progress is stated', async () => {
    const dir = conflicting('rebase');
    git(dir, 'checkout', '--quiet', 'other');
    tryGit(dir, 'rebase', 'main');
    const state = await readGitState(dir);
    assert.strictEqual(state.kind, 'repository');
    assert.match(working(state), /rebase in progress/);
  });

  test('an unborn branch (no commits yet) is stated, with no commit', async () => {
    const dir = tempDir('unborn');
    git(dir, '-c', 'init.defaultBranch=main', 'init', '--quiet');
    const state = await readGitState(dir);
    assert.ok(state.kind === 'repository' && state.commit === undefined);
    assert.strictEqual(state.branch, 'main');
    assert.match(working(state), /no commits yet/);
  });

  test('a linked worktree reads its own branch and commit', async () => {
    const dir = repo('worktree-main');
    const tree = path.join(tempDir('worktree'), 'linked');
    git(dir, 'worktree', 'add', '--quiet', '-b', 'hotfix', tree, 'HEAD~1');
    const state = await readGitState(tree);
    assert.ok(state.kind === 'repository');
    assert.strictEqual(state.branch, 'hotfix');
    assert.strictEqual(state.commit, git(dir, 'rev-parse', 'HEAD~1').trim());
    assert.strictEqual(working(state), 'clean');
  });

  test('a submodule opened as the workspace reads the submodule, not its parent', async () => {
    const library = repo('submodule-library');
    const parent = repo('submodule-parent');
    git(parent, 'submodule', 'add', '--quiet', `file://${library}`, 'lib');
    git(parent, 'commit', '--quiet', '-m', 'add lib');
    const state = await readGitState(path.join(parent, 'lib'));
    assert.ok(state.kind === 'repository');
    assert.strictEqual(state.commit, git(library, 'rev-parse', 'HEAD').trim());
    assert.match(working(state), /detached HEAD|clean/);
  });

  test('a record is committed from a linked worktree, and refused cleanly outside a repository', async () => {
    const dir = repo('commit-worktree');
    const tree = path.join(tempDir('commit-linked'), 'linked');
    git(dir, 'worktree', 'add', '--quiet', '-b', 'records', tree);
    fs.writeFileSync(path.join(tree, 'record.md'), '## Deployment Metadata\n');
    const result = await commitSingleFile(tree, 'record.md', 'docs: deployment record');
    assert.strictEqual(result.kind, 'committed');
    assert.strictEqual((await commitSingleFile(tempDir('commit-plain'), 'record.md', 'x')).kind, 'notRepository');
  });

  test('no git on the PATH is stated, not thrown', async () => {
    const dir = repo('no-git');
    const savedPath = process.env.PATH;
    process.env.PATH = tempDir('empty-path');
    let state: GitState;
    try {
      state = await readGitState(dir);
    } finally {
      process.env.PATH = savedPath;
    }
    assert.strictEqual(state.kind, 'gitMissing');
    assert.match(working(state), /git is not installed/);
  });
});
