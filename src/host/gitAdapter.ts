import * as fs from 'node:fs';
import * as path from 'node:path';
import { simpleGit, SimpleGit } from 'simple-git';

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

export type CommitResult =
  | { readonly kind: 'committed'; readonly commit: string }
  | { readonly kind: 'nothingToCommit' }
  | { readonly kind: 'gitMissing' }
  | { readonly kind: 'notRepository' }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * Commits one file only. `git commit -- <file>` has `--only` semantics: whatever else the user
 * has staged stays staged and out of this commit. A new record is added first, because a
 * pathspec commit refuses files git does not know yet.
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
  try {
    if (!(await git.checkIsRepo())) {
      return { kind: 'notRepository' };
    }
    const status = await git.status([file]);
    if (status.files.length === 0) {
      return { kind: 'nothingToCommit' };
    }
    await git.add([file]);
    const result = await git.commit(message, [file]);
    return { kind: 'committed', commit: result.commit };
  } catch (error) {
    return { kind: 'failed', message: messageOf(error) };
  }
}
