import { spawn } from 'child_process';
import { simpleGit, type SimpleGit } from 'simple-git';
import { commitPairKey, type CommitCountResult, type CommitHistory, type CommitPair, type CommitTimeResult } from './analyticsTypes';
import { allDescendFrom, countCommitsBetween, readCommitGraph, type CommitGraph } from './commitGraph';

/** A git call that takes longer than this is given up: analytics must not hang on a slow disk. */
const DEFAULT_TIMEOUT_MS = 5000;
/** What a record's `Git Commit` must look like before it goes anywhere near git. */
const HASH = /^[0-9a-f]{4,64}$/i;

/**
 * `CommitHistory` over the git repository that holds `folder`, through simple-git. Used by
 * the CLI and the extension. Checks once whether there is a repository and whether it is a
 * shallow clone, so that a folder outside git costs one call, not one per record.
 * The batch methods read the commits in one `git cat-file --batch` (remembered for the
 * ranges) and every range from one `git rev-list --parents`, fed on standard input, which
 * simple-git cannot do.
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
        // One process answers both, a line each.
        const [inside, shallow] = (await withTimeout(git.raw(['rev-parse', '--is-inside-work-tree', '--is-shallow-repository']))).split('\n').map((line) => line.trim());
        if (inside !== 'true') {
          return { ok: false as const, reason: 'not a git repository' };
        }
        return { ok: true as const, shallow: shallow === 'true' };
      } catch (err) {
        const message = String((err as Error)?.message ?? err);
        return { ok: false as const, reason: /not a git repository/i.test(message) ? 'not a git repository' : /ENOENT|spawn/i.test(message) ? 'git is not installed' : `git failed: ${firstLine(message)}` };
      }
    })();
    return repo;
  };

  /** Commits already read, so that counting ranges after reading times asks git only for new ones. */
  const commits = new Map<string, RawCommit | undefined>();
  const readCommits = async (hashes: readonly string[]): Promise<Map<string, RawCommit | undefined>> => {
    const unread = hashes.filter((hash) => !commits.has(hash));
    if (unread.length > 0) {
      for (const [hash, commit] of await catFileBatch(folder, unread, timeoutMs)) {
        commits.set(hash, commit);
      }
    }
    return commits;
  };

  /**
   * Splits a batch into what can go to git and what is answered already: items naming
   * something that is not a hash, and everything when there is no repository.
   */
  const screen = async <T>(items: readonly T[], keyOf: (item: T) => string, hashesOf: (item: T) => readonly string[]) => {
    const rejected = new Map<string, { unavailable: string }>();
    let wanted = items.filter((item) => {
      if (hashesOf(item).every((hash) => HASH.test(hash))) {
        return true;
      }
      rejected.set(keyOf(item), { unavailable: 'the recorded commit is not a hash' });
      return false;
    });
    let shallow = false;
    if (wanted.length > 0) {
      const state = await checkRepo();
      if (state.ok) {
        shallow = state.shallow;
      } else {
        wanted.forEach((item) => rejected.set(keyOf(item), { unavailable: state.reason }));
        wanted = [];
      }
    }
    return { rejected, wanted, shallow };
  };

  const notFound = (shallow: boolean): string => (shallow ? 'shallow clone: the deployed commit is not in the local history' : 'commit not found (squashed or rewritten history?)');

  const history: CommitHistory = {
    prepare(): void {
      void checkRepo();
    },

    async commitTimes(hashes: readonly string[]): Promise<Map<string, CommitTimeResult>> {
      const { rejected, wanted, shallow } = await screen([...new Set(hashes)], (hash) => hash, (hash) => [hash]);
      const answers = new Map<string, CommitTimeResult>(rejected);
      if (wanted.length === 0) {
        return answers;
      }
      let objects: Map<string, RawCommit | undefined>;
      try {
        objects = await readCommits(wanted);
      } catch (err) {
        const reason = firstLine(String((err as Error)?.message ?? err));
        wanted.forEach((hash) => answers.set(hash, { unavailable: reason }));
        return answers;
      }
      for (const hash of wanted) {
        const commit = objects.get(hash);
        const seconds = commit === undefined ? undefined : headerSeconds(commit.body, 'author');
        answers.set(hash, commit === undefined ? { unavailable: notFound(shallow) } : seconds === undefined ? { unavailable: 'git gave no author time' } : { authorTimeMs: seconds * 1000 });
      }
      return answers;
    },

    async commitCounts(pairs: readonly CommitPair[]): Promise<Map<string, CommitCountResult>> {
      const { rejected, wanted, shallow } = await screen(pairs, commitPairKey, (pair) => [pair.older, pair.newer]);
      const answers = new Map<string, CommitCountResult>(rejected);
      if (wanted.length === 0) {
        return answers;
      }
      try {
        const hashes = [...new Set(wanted.flatMap((pair) => [pair.older, pair.newer]))];
        const objects = await readCommits(hashes);
        const ids = new Map<string, string>();
        for (const hash of hashes) {
          const commit = objects.get(hash);
          if (commit !== undefined) {
            ids.set(hash, commit.id);
          }
        }
        const tips = [...new Set(ids.values())];
        const graph = await readGraphBetween(folder, tips, oldestCommitted(hashes, objects), timeoutMs);
        for (const pair of wanted) {
          const older = ids.get(pair.older);
          const newer = ids.get(pair.newer);
          const count = older === undefined || newer === undefined ? undefined : countCommitsBetween(graph, older, newer);
          answers.set(commitPairKey(pair), count === undefined ? { unavailable: shallow ? 'shallow clone' : 'commit not found' } : { count });
        }
      } catch {
        // One walk of the whole history failed (too large for the time limit, or a damaged
        // repository): count range by range, as git counts each, which walks only the range.
        for (const pair of wanted) {
          answers.set(commitPairKey(pair), await history.commitsBetween(pair.older, pair.newer));
        }
      }
      return answers;
    },

    async commitTime(hash: string): Promise<CommitTimeResult> {
      if (!HASH.test(hash)) {
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
        return { unavailable: notFound(state.shallow) };
      }
    },
    async commitsBetween(older: string, newer: string): Promise<CommitCountResult> {
      if (!HASH.test(older) || !HASH.test(newer)) {
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
  return history;
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 200);
}

/** The full id of the commit committed first among `hashes` (by committer time), if any. */
function oldestCommitted(hashes: readonly string[], objects: ReadonlyMap<string, RawCommit | undefined>): string | undefined {
  let oldest: { id: string; seconds: number } | undefined;
  for (const hash of hashes) {
    const commit = objects.get(hash);
    const seconds = commit === undefined ? undefined : headerSeconds(commit.body, 'committer');
    if (commit !== undefined && seconds !== undefined && (oldest === undefined || seconds < oldest.seconds)) {
      oldest = { id: commit.id, seconds };
    }
  }
  return oldest?.id;
}

/**
 * The graph of every commit the ranges between `tips` can hold, from one `git rev-list`.
 * A repository usually has a long history before its first recorded deployment, which no
 * range reaches: so the walk first stops at `oldest` (the first deployed commit, whose
 * parents' history is left out), and that graph is kept when every tip descends from it, as
 * on a main branch. Otherwise (a deployment from a branch that forked earlier) the whole
 * history is walked.
 */
async function readGraphBetween(folder: string, tips: readonly string[], oldest: string | undefined, timeoutMs: number): Promise<CommitGraph> {
  if (tips.length === 0) {
    return readCommitGraph('');
  }
  const walk = async (exclude: readonly string[]) =>
    readCommitGraph(await runGit(folder, ['rev-list', '--parents', '--topo-order', '--stdin'], [...tips, ...exclude].join('\n') + '\n', timeoutMs));
  if (oldest !== undefined) {
    const bounded = await walk([`^${oldest}^@`]);
    if (allDescendFrom(bounded, oldest, tips)) {
      return bounded;
    }
  }
  return walk([]);
}

/**
 * Runs git in `folder` with `input` on standard input and resolves with its standard output.
 * No shell; arguments are fixed by this module and the input holds only checked hashes and
 * ids git itself printed.
 */
function runGit(folder: string, args: readonly string[], input: string, timeoutMs: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const child = spawn('git', args, { cwd: folder, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    let err = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`git did not answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString('utf8')).slice(-2000);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve(Buffer.concat(out));
      } else {
        reject(new Error(err.trim() || `git ${args[0]} exited with ${code}`));
      }
    });
    // A git that exits early (a broken repository) closes the pipe; 'close' above reports it.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** A commit object as `git cat-file` prints it: its full id and its raw text. */
interface RawCommit {
  readonly id: string;
  readonly body: Buffer;
}

/**
 * Each hash's commit object (`<hash>^{commit}`, so a tag or a short hash resolves as
 * `git show` resolves it), or undefined when git has no such commit. One process for all.
 */
async function catFileBatch(folder: string, hashes: readonly string[], timeoutMs: number): Promise<Map<string, RawCommit | undefined>> {
  const out = await runGit(folder, ['cat-file', '--batch'], hashes.map((hash) => `${hash}^{commit}\n`).join(''), timeoutMs);
  const objects = new Map<string, RawCommit | undefined>();
  let at = 0;
  for (const hash of hashes) {
    const headerEnd = out.indexOf(0x0a, at);
    if (headerEnd === -1) {
      throw new Error('git cat-file stopped early');
    }
    // `<object id> <type> <size>` then the object and a newline; else `<input> missing` (or `ambiguous`).
    const header = out.toString('latin1', at, headerEnd).split(' ');
    at = headerEnd + 1;
    if (header.length === 3) {
      const size = Number(header[2]);
      objects.set(hash, header[1] === 'commit' ? { id: header[0], body: out.subarray(at, at + size) } : undefined);
      at += size + 1;
    } else {
      objects.set(hash, undefined);
    }
  }
  return objects;
}

/** The seconds on a raw commit object's `author` or `committer` line (`%at`, `%ct`). */
function headerSeconds(body: Buffer, header: 'author' | 'committer'): number | undefined {
  const headers = body.toString('utf8', 0, body.indexOf('\n\n') === -1 ? body.length : body.indexOf('\n\n'));
  const line = headers.split('\n').find((l) => l.startsWith(`${header} `));
  const match = line === undefined ? null : / (\d+) [+-]\d{4}$/.exec(line);
  return match ? Number(match[1]) : undefined;
}
