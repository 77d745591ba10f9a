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
  };

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
    return {
      kind: 'repository',
      branch: status.detached ? undefined : status.current ?? undefined,
      detached: status.detached,
      commit,
      changedFiles: status.files.length
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
      return head + tree;
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
