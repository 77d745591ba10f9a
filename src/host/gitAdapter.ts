import { spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { simpleGit, SimpleGit } from 'simple-git';

/**
 * Git is killed when a call produces no output for this long, so a hung git never blocks a
 * command. `git commit` has no such limit: it runs the repository's hooks, which may work in
 * silence for a minute; its caller can cancel it instead.
 */
export const GIT_TIMEOUT_MS = 5000;

/** What a new record states about the repository. Awkward states are facts, not errors. */
export type GitState =
  | { readonly kind: 'gitMissing' }
  | { readonly kind: 'notRepository' }
  | { readonly kind: 'error'; readonly message: string }
  | {
    readonly kind: 'repository';
    /** Branch name; undefined on a detached HEAD. */
    readonly branch?: string;
    readonly detached: boolean;
    /** Full hash of HEAD; undefined on an unborn branch (no commits yet). */
    readonly commit?: string;
    /** Number of changed (modified, staged, untracked…) files. */
    readonly changedFiles: number;
    /** An operation git stopped half-way: the commit and tree are then not what gets deployed. */
    readonly inProgress?: GitOperation;
    /** A `--depth` clone: history (and so lead time) is partial. */
    readonly shallow?: boolean;
  };

export type GitOperation = 'merge' | 'rebase' | 'cherry-pick' | 'revert' | 'bisect';

// Marker files in the git directory, in the order git itself checks them.
const OPERATION_MARKERS: ReadonlyArray<readonly [string, GitOperation]> = [
  ['rebase-merge', 'rebase'],
  ['rebase-apply', 'rebase'],
  ['MERGE_HEAD', 'merge'],
  ['CHERRY_PICK_HEAD', 'cherry-pick'],
  ['REVERT_HEAD', 'revert'],
  ['BISECT_LOG', 'bisect']
];

/** Shallow clone and half-finished operation, in one git call; unknown (undefined) when git cannot say. */
async function readRepositoryFlags(git: SimpleGit, dir: string): Promise<{ shallow?: boolean; inProgress?: GitOperation }> {
  try {
    const args = ['rev-parse', '--is-shallow-repository', ...OPERATION_MARKERS.flatMap(([marker]) => ['--git-path', marker])];
    const [shallow, ...paths] = (await git.raw(args)).split(/\r?\n/);
    const found = OPERATION_MARKERS.find((_, i) => paths[i] !== undefined && paths[i] !== '' && fs.existsSync(path.resolve(dir, paths[i])));
    return { shallow: shallow.trim() === 'true', ...(found ? { inProgress: found[1] } : {}) };
  } catch {
    return {};
  }
}

/** Full hash of HEAD; undefined on an unborn branch (no commits yet). */
async function headCommit(git: SimpleGit): Promise<string | undefined> {
  try {
    return (await git.revparse(['--verify', '--quiet', 'HEAD'])).trim() || undefined;
  } catch {
    return undefined;
  }
}

function client(baseDir: string): SimpleGit {
  return simpleGit({ baseDir, timeout: { block: GIT_TIMEOUT_MS }, maxConcurrentProcesses: 2 });
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split(/\r?\n/)[0].slice(0, 300);
}

async function gitInstalled(git: SimpleGit): Promise<boolean> {
  try {
    return (await git.version()).installed;
  } catch {
    return false;
  }
}

/** Reads branch, commit and working-tree state of the repository that holds `dir`. Never throws. */
export async function readGitState(dir: string): Promise<GitState> {
  let git: SimpleGit;
  try {
    git = client(dir);
  } catch (error) {
    return { kind: 'error', message: messageOf(error) };
  }
  if (!(await gitInstalled(git))) {
    return { kind: 'gitMissing' };
  }
  try {
    if (!(await git.checkIsRepo())) {
      return { kind: 'notRepository' };
    }
    const status = await git.status();
    const commit = await headCommit(git);
    const flags = await readRepositoryFlags(git, dir);
    return {
      kind: 'repository',
      branch: status.detached ? undefined : status.current ?? undefined,
      detached: status.detached,
      commit,
      changedFiles: status.files.length,
      ...flags
    };
  } catch (error) {
    return { kind: 'error', message: messageOf(error) };
  }
}

/** `user.name` from git's configuration, if git and the setting exist. Never throws. */
export async function readGitUserName(dir: string): Promise<string | undefined> {
  try {
    const value = (await client(dir).getConfig('user.name')).value?.trim();
    return value ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The record's `Working Tree` wording for a git state. */
export function describeWorkingTree(state: GitState): string {
  switch (state.kind) {
    case 'gitMissing': return 'unknown (git is not installed)';
    case 'notRepository': return 'not a git repository';
    case 'error': return `unknown (git failed: ${state.message})`;
    case 'repository': {
      const tree = state.changedFiles === 0 ? 'clean' : `dirty (${state.changedFiles} changed file${state.changedFiles === 1 ? '' : 's'})`;
      const head = state.detached ? 'detached HEAD, ' : state.commit === undefined ? 'no commits yet, ' : '';
      const operation = state.inProgress ? `${state.inProgress} in progress, ` : '';
      const shallow = state.shallow ? ', shallow clone' : '';
      return operation + head + tree + shallow;
    }
  }
}

/** The `.gitignore` (or exclude file) line that makes git ignore a path, as `git check-ignore -v` names it. */
export interface IgnoreRule {
  /** The file the pattern is in, as git names it (`deployments/.gitignore`, `.git/info/exclude`). */
  readonly source: string;
  readonly line: number;
  readonly pattern: string;
}

export type CommitResult =
  /** `stoppedAfterCommit`: cancelled too late, while a post-commit hook ran; the commit stands. */
  | { readonly kind: 'committed'; readonly commit: string; readonly stoppedAfterCommit?: boolean }
  | { readonly kind: 'nothingToCommit' }
  /** Git ignores the file, so it was never added; `rule` when git could name it. */
  | { readonly kind: 'ignored'; readonly rule?: IgnoreRule }
  | { readonly kind: 'gitMissing' }
  | { readonly kind: 'notRepository' }
  /**
   * A commit hook exited non-zero, so nothing was committed. `hooks`: the commit hooks
   * installed, one of which refused; `output`: the first line the hooks printed, if any.
   */
  | { readonly kind: 'hookFailed'; readonly hooks: readonly string[]; readonly output?: string; readonly stillStaged: boolean }
  /** The caller cancelled before git wrote the commit: git and its hooks were stopped, nothing was committed. */
  | { readonly kind: 'cancelled'; readonly stillStaged: boolean }
  /** `stillStaged`: the record could not be taken out of the index again after the failure. */
  | { readonly kind: 'failed'; readonly message: string; readonly stillStaged?: boolean };

export interface CommitRunOptions {
  /** Aborting it stops git and the hooks it runs. */
  readonly signal?: AbortSignal;
  /** Called with the installed commit hooks just before git runs them; not called when there are none. */
  readonly onRunningHooks?: (hooks: readonly string[]) => void;
}

/** The hooks `git commit` runs before it writes a commit, in the order it runs them. */
const COMMIT_HOOKS = ['pre-commit', 'prepare-commit-msg', 'commit-msg'] as const;

/** A `git commit` that exited non-zero (or was stopped by a signal: `exitCode` null), with what it printed. */
class GitExit extends Error {
  constructor(readonly exitCode: number | null, readonly output: string) {
    super(`git exited with code ${exitCode}`);
  }
}

/** A `git commit` stopped because the caller cancelled it. */
class CommitCancelled extends Error {}

/** How long to wait for git's output to drain after it exits: a hook's background job may hold the pipes open. */
const OUTPUT_DRAIN_MS = 100;

/**
 * Whether a running commit can be cancelled here. On Windows a process can only be killed
 * outright: git would leave `.git/index.lock` behind (every later git call fails until it is
 * deleted by hand) and the hooks it started would run on. So there the commit runs to its end.
 */
export const COMMIT_CANCELLABLE = process.platform !== 'win32';

/**
 * Whether any process of group `pgid` still runs. A zombie has ended, but still counts for
 * `kill(0)` until its parent collects it, which a container's first process may never do; on
 * Linux the group's members are read from /proc so that zombies are left out.
 */
function processGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') {
    return true;
  }
  try {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) {
        continue;
      }
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        // After the command name in parentheses: state, parent, process group.
        const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(group) === pgid && state !== 'Z') {
          return true;
        }
      } catch {
        // Ended while we looked.
      }
    }
    return false;
  } catch {
    return true;
  }
}

/**
 * After Ctrl-C has been sent to git's process group: waits until nothing of the group is left,
 * asking harder as time passes, since a hook may ignore Ctrl-C (`trap '' INT`) and go on
 * rewriting the working tree after the user was told the commit stopped.
 */
async function stopProcessGroup(pgid: number): Promise<void> {
  const alive = (): boolean => processGroupAlive(pgid);
  const waitWhileAlive = async (ms: number): Promise<void> => {
    const deadline = Date.now() + ms;
    while (alive() && Date.now() < deadline) {
      await delay(50);
    }
  };
  for (const [signal, graceMs] of [['SIGTERM', 1000], ['SIGKILL', 2000]] as const) {
    await waitWhileAlive(graceMs);
    if (!alive()) {
      return;
    }
    try {
      process.kill(-pgid, signal);
    } catch {
      return; // gone meanwhile
    }
  }
  await waitWhileAlive(1000);
}

/**
 * Runs `git commit` with no time limit, since it runs the repository's hooks. Resolves when git
 * exits 0, rejects with a GitExit on any other exit (a hook that fails without a word included),
 * and with CommitCancelled when `signal` aborts it. Git runs in a process group of its own, so
 * that cancelling reaches the hooks and whatever they started, as Ctrl-C in a terminal does;
 * stopping git alone would leave a hook running on in the repository.
 */
function runCommit(repoDir: string, file: string, message: string, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CommitCancelled());
      return;
    }
    const ownGroup = COMMIT_CANCELLABLE;
    const child = spawn('git', ['commit', '-m', message, '--', file], {
      cwd: repoDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
      detached: ownGroup
    });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    let cancelled = false;
    const cancel = (): void => {
      cancelled = true;
      try {
        if (ownGroup && child.pid !== undefined) {
          process.kill(-child.pid, 'SIGINT');
        } else {
          child.kill(); // not offered to users where it cannot be done cleanly: see COMMIT_CANCELLABLE
        }
      } catch {
        // Already gone.
      }
    };
    signal?.addEventListener('abort', cancel, { once: true });
    let settled = false;
    const settle = (exitCode: number | null, error?: Error): void => {
      if (settled) {
        return;
      }
      settled = true;
      signal?.removeEventListener('abort', cancel);
      if (exitCode === 0 && !error) {
        resolve();
      } else if (cancelled) {
        const stopped = ownGroup && child.pid !== undefined ? stopProcessGroup(child.pid) : Promise.resolve();
        void stopped.then(() => reject(new CommitCancelled()));
      } else if (error) {
        reject(error);
      } else {
        reject(new GitExit(exitCode, Buffer.concat(output).toString('utf8')));
      }
    };
    child.on('error', (error) => settle(null, error));
    child.on('close', (code) => settle(code));
    child.on('exit', (code) => setTimeout(() => settle(code), OUTPUT_DRAIN_MS));
  });
}

/** The first line a failed command printed that is not one of git's `hint:` lines. */
function firstOutputLine(output: string): string | undefined {
  const line = output.split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0 && !l.startsWith('hint:'));
  return line?.slice(0, 300);
}

/** Git's own complaint in a failed command's output (a hook that passed may have printed first), else its first line. */
function gitErrorLine(output: string): string | undefined {
  const own = output.split(/\r?\n/).map((l) => l.trim()).find((l) => /^(?:fatal|error):/.test(l));
  return own?.slice(0, 300) ?? firstOutputLine(output);
}

/** The rule that ignores `file`, or undefined when git does not ignore it. */
async function ignoreRuleFor(git: SimpleGit, file: string): Promise<{ rule?: IgnoreRule } | undefined> {
  // Plain check-ignore decides: with -v, git also "matches" a path a `!pattern` re-includes.
  if ((await git.checkIgnore([file])).length === 0) {
    return undefined;
  }
  try {
    const verbose = /^(.*):(\d+):(.*)\t/.exec(await git.raw(['check-ignore', '-v', '--', file]));
    return verbose ? { rule: { source: verbose[1], line: Number(verbose[2]), pattern: verbose[3] } } : {};
  } catch {
    return {};
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Commit hooks that are installed (present and executable), where git looks for them (core.hooksPath included). */
async function installedCommitHooks(git: SimpleGit, repoDir: string): Promise<string[]> {
  try {
    const paths = (await git.raw(['rev-parse', ...COMMIT_HOOKS.flatMap((hook) => ['--git-path', `hooks/${hook}`])])).split(/\r?\n/);
    return COMMIT_HOOKS.filter((_, i) => paths[i] !== undefined && paths[i] !== '' && isExecutable(path.resolve(repoDir, paths[i])));
  } catch {
    return [];
  }
}

/**
 * Commits one file only. `git commit -- <file>` has `--only` semantics: whatever else the user
 * has staged stays staged and out of this commit, and when the commit fails git puts the
 * index back as it was. A new record has to be added first, because a pathspec commit
 * refuses files git does not know yet; when the commit then fails, it is taken out of the
 * index again, so a refused or cancelled commit leaves the index exactly as it was.
 *
 * The reads before the commit keep the 5 s limit; the commit itself has none, because hooks
 * (linters, tests) may run silently for a minute. `signal` cancels it: git and its hooks are
 * stopped. `onRunningHooks` hears which commit hooks are installed just before git runs them.
 */
export async function commitSingleFile(repoDir: string, file: string, message: string, options: CommitRunOptions = {}): Promise<CommitResult> {
  let git: SimpleGit;
  try {
    git = client(repoDir);
  } catch (error) {
    return { kind: 'failed', message: messageOf(error) };
  }
  if (!(await gitInstalled(git))) {
    return { kind: 'gitMissing' };
  }
  let added = false;
  let headBefore: string | undefined;
  let commitStarted = false;
  try {
    if (!(await git.checkIsRepo())) {
      return { kind: 'notRepository' };
    }
    const status = await git.status([file]);
    if (status.files.length === 0) {
      // An ignored file does not show in the status either: that is not "already committed".
      const ignored = await ignoreRuleFor(git, file);
      return ignored ? { kind: 'ignored', ...ignored } : { kind: 'nothingToCommit' };
    }
    const known = (await git.raw(['ls-files', '--', file])).trim() !== '';
    if (!known) {
      await git.add([file]);
      added = true;
    }
    headBefore = await headCommit(git);
    const hooks = await installedCommitHooks(git, repoDir);
    if (hooks.length > 0) {
      options.onRunningHooks?.(hooks);
    }
    commitStarted = true;
    await runCommit(repoDir, file, message, options.signal);
    return { kind: 'committed', commit: (await headCommit(git)) ?? '' };
  } catch (error) {
    // A post-commit hook runs after git wrote the commit: stopping it does not take the commit
    // back. Only a cancel can come that late (git ignores how a post-commit hook exits), and the
    // new HEAD must be this commit, not one made meanwhile by something else.
    if (error instanceof CommitCancelled && commitStarted) {
      const head = await headCommit(git);
      if (head !== undefined && head !== headBefore && (await isCommitOfFile(git, head, headBefore, file))) {
        return { kind: 'committed', commit: head, stoppedAfterCommit: true };
      }
    }
    const stillStaged = added && !(await unstageNewFile(git, file));
    if (error instanceof CommitCancelled) {
      return { kind: 'cancelled', stillStaged };
    }
    // git itself dies with 128 on its own errors; 1 after a commit hook said no.
    if (error instanceof GitExit && error.exitCode === 1) {
      const hooks = await installedCommitHooks(git, repoDir);
      if (hooks.length > 0) {
        const output = firstOutputLine(error.output);
        return { kind: 'hookFailed', hooks, ...(output ? { output } : {}), stillStaged };
      }
    }
    const reason = error instanceof GitExit ? gitErrorLine(error.output) ?? error.message : messageOf(error);
    return { kind: 'failed', message: reason, ...(stillStaged ? { stillStaged } : {}) };
  }
}

/**
 * Whether `commit` sits right on `parent` and changes `file`: the commit this adapter asked for,
 * whatever a commit-msg hook made of its message, and not one made meanwhile by something else.
 */
async function isCommitOfFile(git: SimpleGit, commit: string, parent: string | undefined, file: string): Promise<boolean> {
  try {
    const parents = (await git.raw(['log', '-1', '--format=%P', commit])).trim();
    const changed = (await git.raw(['diff-tree', '--no-commit-id', '--name-only', '-r', '--root', commit, '--', file])).trim();
    return parents === (parent ?? '') && changed !== '';
  } catch {
    return false;
  }
}

/** Takes a file this adapter added back out of the index, leaving the file itself alone. */
async function unstageNewFile(git: SimpleGit, file: string): Promise<boolean> {
  try {
    await git.raw(['update-index', '--force-remove', '--', file]);
    return true;
  } catch {
    return false;
  }
}
