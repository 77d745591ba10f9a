import * as fs from 'node:fs';
import * as path from 'node:path';
import { GitError, simpleGit, SimpleGit } from 'simple-git';

/** Git kills a call that produces no output for this long, so a hung git never blocks a command. */
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
    let commit: string | undefined;
    try {
      commit = (await git.revparse(['--verify', '--quiet', 'HEAD'])).trim() || undefined;
    } catch {
      commit = undefined; // unborn branch: no commit yet
    }
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
  | { readonly kind: 'committed'; readonly commit: string }
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
  /** `stillStaged`: the record could not be taken out of the index again after the failure. */
  | { readonly kind: 'failed'; readonly message: string; readonly stillStaged?: boolean };

/** The hooks `git commit` runs before it writes a commit, in the order it runs them. */
const COMMIT_HOOKS = ['pre-commit', 'prepare-commit-msg', 'commit-msg'] as const;

/** A `git commit` that exited non-zero: exit code and what it printed. A GitError, which simple-git passes through as it is. */
class GitExit extends GitError {
  constructor(readonly exitCode: number, readonly output: string) {
    super(undefined, output);
  }
}

/**
 * A client whose calls reject on every non-zero exit. simple-git's own check also wants
 * something on stderr, so a hook that fails without a word would pass for a commit.
 */
function strictClient(baseDir: string): SimpleGit {
  return simpleGit({
    baseDir,
    timeout: { block: GIT_TIMEOUT_MS },
    maxConcurrentProcesses: 2,
    errors: (error, result) => {
      if (result.exitCode === 0) {
        return error;
      }
      return new GitExit(result.exitCode, Buffer.concat([...result.stdErr, ...result.stdOut]).toString('utf8'));
    }
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
 * index again, so a refused commit leaves the index exactly as it was.
 */
export async function commitSingleFile(repoDir: string, file: string, message: string): Promise<CommitResult> {
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
    const result = await strictClient(repoDir).commit(message, [file]);
    return { kind: 'committed', commit: result.commit };
  } catch (error) {
    const stillStaged = added && !(await unstageNewFile(git, file));
    // git itself dies with 128 on its own errors; 1 after a commit hook said no.
    if (error instanceof GitExit && error.exitCode === 1) {
      const hooks = await installedCommitHooks(git, repoDir);
      if (hooks.length > 0) {
        const output = firstOutputLine(error.output);
        return { kind: 'hookFailed', hooks, ...(output ? { output } : {}), stillStaged };
      }
    }
    const reason = error instanceof GitExit ? gitErrorLine(error.output) ?? `git exited with code ${error.exitCode}` : messageOf(error);
    return { kind: 'failed', message: reason, ...(stillStaged ? { stillStaged } : {}) };
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
