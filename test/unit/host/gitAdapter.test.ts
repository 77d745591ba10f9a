import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { commitSingleFile, describeWorkingTree, readGitState, readGitUserName } from '../../../src/host/gitAdapter';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'dr-git-'));
}

function repoWithCommit(): string {
  const dir = tempDir();
  git(dir, '-c', 'init.defaultBranch=main', 'init', '--quiet');
  git(dir, 'config', 'user.name', 'Ada Operator');
  git(dir, 'config', 'user.email', 'ada@example.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
  fs.writeFileSync(path.join(dir, 'README.md'), 'hello\n');
  git(dir, 'add', 'README.md');
  git(dir, 'commit', '--quiet', '-m', 'Initial commit');
  return dir;
}

describe('git facts written into a new record', () => {
  const made: string[] = [];
  after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const repo = () => { const d = repoWithCommit(); made.push(d); return d; };

  it('reads the branch, the full commit hash and a clean tree', async () => {
    const dir = repo();
    const state = await readGitState(dir);
    assert.strictEqual(state.kind, 'repository');
    if (state.kind !== 'repository') return;
    assert.strictEqual(state.branch, 'main');
    assert.strictEqual(state.commit, git(dir, 'rev-parse', 'HEAD').trim());
    assert.strictEqual(describeWorkingTree(state), 'clean');
  });

  it('counts changed files in a dirty tree', async () => {
    const dir = repo();
    fs.writeFileSync(path.join(dir, 'README.md'), 'changed\n');
    fs.writeFileSync(path.join(dir, 'new.txt'), 'new\n');
    assert.strictEqual(describeWorkingTree(await readGitState(dir)), 'dirty (2 changed files)');
  });

  it('states a detached HEAD instead of failing', async () => {
    const dir = repo();
    git(dir, 'checkout', '--quiet', '--detach', 'HEAD');
    const state = await readGitState(dir);
    assert.strictEqual(state.kind === 'repository' && state.detached, true);
    assert.match(describeWorkingTree(state), /^detached HEAD, clean$/);
  });

  it('states an unborn branch (no commits yet)', async () => {
    const dir = tempDir();
    made.push(dir);
    git(dir, '-c', 'init.defaultBranch=main', 'init', '--quiet');
    const state = await readGitState(dir);
    assert.strictEqual(state.kind === 'repository' && state.commit, undefined);
    assert.match(describeWorkingTree(state), /no commits yet/);
  });

  it('states "not a git repository" for a plain folder', async () => {
    const dir = tempDir();
    made.push(dir);
    const state = await readGitState(dir);
    assert.strictEqual(describeWorkingTree(state), 'not a git repository');
  });

  it('reads user.name for the operator', async () => {
    assert.strictEqual(await readGitUserName(repo()), 'Ada Operator');
  });
});

describe('committing a deployment record', () => {
  const made: string[] = [];
  after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('commits only the record and leaves the other staged change staged', async () => {
    const dir = repoWithCommit();
    made.push(dir);
    fs.mkdirSync(path.join(dir, 'deployments', 'checklists'), { recursive: true });
    const record = path.join('deployments', 'checklists', '2026-01-02-03-04-deployment.md');
    fs.writeFileSync(path.join(dir, record), '# record\n');
    fs.writeFileSync(path.join(dir, 'other.txt'), 'staged but not part of the record\n');
    git(dir, 'add', 'other.txt');

    const result = await commitSingleFile(dir, record, 'docs: deployment record DEP-2026-01-02-03-04 (succeeded)');

    assert.strictEqual(result.kind, 'committed');
    assert.strictEqual(git(dir, 'log', '-1', '--format=%s').trim(), 'docs: deployment record DEP-2026-01-02-03-04 (succeeded)');
    assert.deepStrictEqual(git(dir, 'show', '--name-only', '--format=', 'HEAD').trim().split('\n'), [record.split(path.sep).join('/')]);
    assert.strictEqual(git(dir, 'diff', '--cached', '--name-only').trim(), 'other.txt');
  });

  it('says there is nothing to commit when the record is already committed', async () => {
    const dir = repoWithCommit();
    made.push(dir);
    assert.strictEqual((await commitSingleFile(dir, 'README.md', 'docs: x')).kind, 'nothingToCommit');
  });

  it('refuses cleanly outside a repository', async () => {
    const dir = tempDir();
    made.push(dir);
    fs.writeFileSync(path.join(dir, 'r.md'), 'x\n');
    assert.strictEqual((await commitSingleFile(dir, 'r.md', 'docs: x')).kind, 'notRepository');
  });
});
