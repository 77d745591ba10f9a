import { simpleGit, type SimpleGit } from 'simple-git';
import type { CommitCountResult, CommitHistory, CommitTimeResult } from './analyticsTypes';

/** A git call that takes longer than this is given up: analytics must not hang on a slow disk. */
const DEFAULT_TIMEOUT_MS = 5000;

/**
 * `CommitHistory` over the git repository that holds `folder`, through simple-git. Used by
 * the CLI and the extension. Checks once whether there is a repository and whether it is a
 * shallow clone, so that a folder outside git costs one call, not one per record.
 * Never rejects: every failure becomes `{ unavailable: reason }`.
 */
export function createGitCommitHistory(folder: string, timeoutMs = DEFAULT_TIMEOUT_MS): CommitHistory {
  let git: SimpleGit | undefined;
  let repo: Promise<{ ok: true; shallow: boolean } | { ok: false; reason: string }> | undefined;

  const withTimeout = <T>(work: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`git did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
      work.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err);
        }
      );
    });

  const checkRepo = () => {
    repo ??= (async () => {
      try {
        git = simpleGit({ baseDir: folder, timeout: { block: timeoutMs } });
        const inside = (await withTimeout(git.raw(['rev-parse', '--is-inside-work-tree']))).trim();
        if (inside !== 'true') {
          return { ok: false as const, reason: 'not a git repository' };
        }
        const shallow = (await withTimeout(git.raw(['rev-parse', '--is-shallow-repository']))).trim() === 'true';
        return { ok: true as const, shallow };
      } catch (err) {
        const message = String((err as Error)?.message ?? err);
        return { ok: false as const, reason: /not a git repository/i.test(message) ? 'not a git repository' : /ENOENT|spawn/i.test(message) ? 'git is not installed' : `git failed: ${firstLine(message)}` };
      }
    })();
    return repo;
  };

  return {
    async commitTime(hash: string): Promise<CommitTimeResult> {
      if (!/^[0-9a-f]{4,64}$/i.test(hash)) {
        return { unavailable: 'the recorded commit is not a hash' };
      }
      const state = await checkRepo();
      if (!state.ok) {
        return { unavailable: state.reason };
      }
      try {
        const out = (await withTimeout(git!.raw(['show', '-s', '--format=%at', `${hash}^{commit}`, '--']))).trim();
        const seconds = Number(out.split('\n')[0]);
        return Number.isFinite(seconds) && out !== '' ? { authorTimeMs: seconds * 1000 } : { unavailable: 'git gave no author time' };
      } catch (err) {
        const message = String((err as Error)?.message ?? err);
        if (/within \d/.test(message)) {
          return { unavailable: firstLine(message) };
        }
        return { unavailable: state.shallow ? 'shallow clone: the deployed commit is not in the local history' : 'commit not found (squashed or rewritten history?)' };
      }
    },
    async commitsBetween(older: string, newer: string): Promise<CommitCountResult> {
      if (!/^[0-9a-f]{4,64}$/i.test(older) || !/^[0-9a-f]{4,64}$/i.test(newer)) {
        return { unavailable: 'the recorded commit is not a hash' };
      }
      const state = await checkRepo();
      if (!state.ok) {
        return { unavailable: state.reason };
      }
      try {
        const out = (await withTimeout(git!.raw(['rev-list', '--count', `${older}..${newer}`, '--']))).trim();
        const count = Number(out);
        return Number.isInteger(count) ? { count } : { unavailable: 'git gave no count' };
      } catch (err) {
        return { unavailable: state.shallow ? 'shallow clone' : firstLine(String((err as Error)?.message ?? err)) };
      }
    }
  };
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 200);
}
