import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { commitSingleFile, describeWorkingTree, GIT_TIMEOUT_MS, readGitState, type CommitResult, type GitState } from '../../src/host/gitAdapter';
import { installBlockingHook, type BlockingHook } from './blockingHook';

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

/** Commits `record.md` in `dir`, and cancels once `hook` runs (after `meanwhile`, if given). */
async function cancelWhileHookRuns(dir: string, hook: BlockingHook, meanwhile?: () => void): Promise<CommitResult> {
  const abort = new AbortController();
  const commit = commitSingleFile(dir, 'record.md', 'docs: deployment record', { signal: abort.signal });
  await hook.started();
  meanwhile?.();
  abort.abort();
  return commit;
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

  test('a record in a gitignored folder is reported as ignored, with the rule, and not committed', async () => {
    const dir = repo('commit-ignored');
    fs.mkdirSync(path.join(dir, 'deployments', 'checklists'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'deployments', '.gitignore'), 'checklists/\n');
    fs.writeFileSync(path.join(dir, 'deployments', 'checklists', 'record.md'), '## Deployment Metadata\n');
    const head = git(dir, 'rev-parse', 'HEAD');
    const result = await commitSingleFile(dir, 'deployments/checklists/record.md', 'docs: deployment record');
    assert.deepStrictEqual(result, { kind: 'ignored', rule: { source: 'deployments/.gitignore', line: 1, pattern: 'checklists/' } });
    assert.strictEqual(git(dir, 'rev-parse', 'HEAD'), head);
    assert.strictEqual(git(dir, 'diff', '--cached', '--name-only'), '');
  });

  test('a record a `!pattern` takes back in is committed, not reported as ignored', async () => {
    const dir = repo('commit-reincluded');
    fs.writeFileSync(path.join(dir, '.gitignore'), '*.md\n!record.md\n');
    fs.writeFileSync(path.join(dir, 'record.md'), '## Deployment Metadata\n');
    assert.strictEqual((await commitSingleFile(dir, 'record.md', 'docs: deployment record')).kind, 'committed');
  });

  /** Installs a commit hook that prints `lines` and exits 1. */
  function refusingHook(dir: string, hook: string, lines: string[]): void {
    const script = path.join(dir, '.git', 'hooks', hook);
    fs.writeFileSync(script, `#!/bin/sh\n${lines.map((l) => `echo '${l}'`).join('\n')}\nexit 1\n`, { mode: 0o755 });
  }

  test('a pre-commit hook that refuses a new record: named with its first line, and the index is as it was', async () => {
    const dir = repo('commit-hook-new');
    fs.writeFileSync(path.join(dir, 'other.txt'), 'staged by the operator\n');
    git(dir, 'add', 'other.txt');
    fs.writeFileSync(path.join(dir, 'record.md'), '## Deployment Metadata\n');
    refusingHook(dir, 'pre-commit', ['record.md:3 MD022 Headings should be surrounded by blank lines', 'second line']);
    const head = git(dir, 'rev-parse', 'HEAD');
    const result = await commitSingleFile(dir, 'record.md', 'docs: deployment record');
    assert.deepStrictEqual(result, { kind: 'hookFailed', hooks: ['pre-commit'], output: 'record.md:3 MD022 Headings should be surrounded by blank lines', stillStaged: false });
    assert.strictEqual(git(dir, 'rev-parse', 'HEAD'), head);
    assert.strictEqual(git(dir, 'status', '--porcelain'), 'A  other.txt\n?? record.md\n');
  });

  test('a commit-msg hook that refuses a tracked record leaves its staged and unstaged parts where they were', async () => {
    const dir = repo('commit-hook-tracked');
    fs.writeFileSync(path.join(dir, 'record.md'), 'one\n');
    git(dir, 'add', 'record.md');
    git(dir, 'commit', '--quiet', '-m', 'record');
    fs.writeFileSync(path.join(dir, 'record.md'), 'two\n');
    git(dir, 'add', 'record.md');
    fs.writeFileSync(path.join(dir, 'record.md'), 'three\n');
    const staged = git(dir, 'ls-files', '--stage', 'record.md');
    refusingHook(dir, 'commit-msg', ['subject must be in English']);
    const result = await commitSingleFile(dir, 'record.md', 'docs: deployment record');
    assert.deepStrictEqual(result, { kind: 'hookFailed', hooks: ['commit-msg'], output: 'subject must be in English', stillStaged: false });
    assert.strictEqual(git(dir, 'ls-files', '--stage', 'record.md'), staged);
    assert.strictEqual(git(dir, 'status', '--porcelain'), 'MM record.md\n');
  });

  test('a hook that refuses without a word is not taken for a commit', async () => {
    const dir = repo('commit-hook-silent');
    fs.writeFileSync(path.join(dir, 'record.md'), '## Deployment Metadata\n');
    refusingHook(dir, 'pre-commit', []);
    const head = git(dir, 'rev-parse', 'HEAD');
    assert.deepStrictEqual(await commitSingleFile(dir, 'record.md', 'x'), { kind: 'hookFailed', hooks: ['pre-commit'], stillStaged: false });
    assert.strictEqual(git(dir, 'rev-parse', 'HEAD'), head);
    assert.strictEqual(git(dir, 'status', '--porcelain'), '?? record.md\n');
  });

  test('a pre-commit hook that works in silence for longer than a read may take is waited for, and the record committed', async () => {
    const dir = repo('commit-hook-slow');
    fs.writeFileSync(path.join(dir, 'record.md'), '## Deployment Metadata\n');
    const hook = installBlockingHook(path.join(dir, '.git', 'hooks'), 'pre-commit');
    try {
      let hooksHeard: readonly string[] = [];
      const commit = commitSingleFile(dir, 'record.md', 'docs: deployment record', { onRunningHooks: (hooks) => { hooksHeard = hooks; } });
      await hook.started();
      // Git kills a read after GIT_TIMEOUT_MS without output; the commit has to outlive that.
      let timer: NodeJS.Timeout | undefined;
      const outlived = await Promise.race([
        commit.then((result) => result),
        new Promise<'running'>((resolve) => { timer = setTimeout(() => resolve('running'), GIT_TIMEOUT_MS + 1000); })
      ]);
      clearTimeout(timer);
      assert.strictEqual(outlived, 'running', `the commit ended while the hook was still working: ${JSON.stringify(outlived)}`);
      hook.release();
      assert.deepStrictEqual(await commit, { kind: 'committed', commit: git(dir, 'rev-parse', 'HEAD').trim() });
      assert.deepStrictEqual(hooksHeard, ['pre-commit']);
      assert.strictEqual(git(dir, 'log', '-1', '--format=%s').trim(), 'docs: deployment record');
      assert.strictEqual(git(dir, 'status', '--porcelain'), '');
    } finally {
      hook.dispose();
    }
  });

  test('cancelling a commit while its pre-commit hook runs stops git, the hook and what it started, and leaves the index as it was', async () => {
    const dir = repo('commit-hook-cancel');
    fs.writeFileSync(path.join(dir, 'other.txt'), 'staged by the operator\n');
    git(dir, 'add', 'other.txt');
    fs.writeFileSync(path.join(dir, 'record.md'), '## Deployment Metadata\n');
    const hook = installBlockingHook(path.join(dir, '.git', 'hooks'), 'pre-commit');
    const head = git(dir, 'rev-parse', 'HEAD');
    try {
      assert.deepStrictEqual(await cancelWhileHookRuns(dir, hook), { kind: 'cancelled', stillStaged: false });
      await hook.stopped();
      assert.strictEqual(git(dir, 'rev-parse', 'HEAD'), head);
      assert.strictEqual(git(dir, 'status', '--porcelain'), 'A  other.txt\n?? record.md\n');
      assert.ok(!fs.existsSync(path.join(dir, '.git', 'index.lock')), 'git left its index locked');
    } finally {
      hook.dispose();
    }
  });

  test('cancelling stops a hook that ignores Ctrl-C too, before saying the commit was cancelled', async () => {
    const dir = repo('commit-hook-ignores-interrupt');
    fs.writeFileSync(path.join(dir, 'record.md'), '## Deployment Metadata\n');
    const hook = installBlockingHook(path.join(dir, '.git', 'hooks'), 'pre-commit', { ignoreInterrupt: true });
    try {
      assert.deepStrictEqual(await cancelWhileHookRuns(dir, hook), { kind: 'cancelled', stillStaged: false });
      // Told "stopped", the user must be able to rely on it: nothing of the hook may run on.
      assert.strictEqual(hook.runningNow(), false, 'the hook was still running when the commit was reported cancelled');
      assert.strictEqual(git(dir, 'status', '--porcelain'), '?? record.md\n');
    } finally {
      hook.dispose();
    }
  });

  test('a commit made by something else while the hook ran is not taken for this one', async () => {
    const dir = repo('commit-hook-other-commit');
    fs.writeFileSync(path.join(dir, 'record.md'), '## Deployment Metadata\n');
    const hook = installBlockingHook(path.join(dir, '.git', 'hooks'), 'pre-commit');
    try {
      // Another tool moves HEAD meanwhile, without touching the index or the hooks.
      const otherCommit = () => {
        const tree = git(dir, 'rev-parse', 'HEAD^{tree}').trim();
        git(dir, 'update-ref', 'HEAD', git(dir, 'commit-tree', tree, '-p', 'HEAD', '-m', 'someone else').trim());
      };
      assert.deepStrictEqual(await cancelWhileHookRuns(dir, hook, otherCommit), { kind: 'cancelled', stillStaged: false });
      assert.strictEqual(git(dir, 'log', '-1', '--format=%s').trim(), 'someone else');
      assert.strictEqual(git(dir, 'status', '--porcelain'), '?? record.md\n');
    } finally {
      hook.dispose();
    }
  });

  test('cancelling while the post-commit hook runs keeps the commit git already wrote, and says it came too late', async () => {
    const dir = repo('commit-hook-post');
    fs.writeFileSync(path.join(dir, 'record.md'), '## Deployment Metadata\n');
    const hook = installBlockingHook(path.join(dir, '.git', 'hooks'), 'post-commit');
    try {
      assert.deepStrictEqual(await cancelWhileHookRuns(dir, hook), { kind: 'committed', commit: git(dir, 'rev-parse', 'HEAD').trim(), stoppedAfterCommit: true });
      await hook.stopped();
      assert.strictEqual(git(dir, 'log', '-1', '--format=%s').trim(), 'docs: deployment record');
      assert.strictEqual(git(dir, 'status', '--porcelain'), '', 'the committed record was taken out of the index');
    } finally {
      hook.dispose();
    }
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
