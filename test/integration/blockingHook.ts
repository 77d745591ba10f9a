import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/*
 * A commit hook that works in silence until the test lets it go, as a linter or a test run
 * does: the hook starts a child (the "linter") that prints nothing and waits for a file the
 * test writes (or until the test removes the hook, so a failed test leaves nothing waiting).
 * Plain Node, so the adapter's suite can use it under plain mocha too.
 */

const DEADLINE_MS = 15_000;
/** A hook left behind by a test that never disposed of it ends by itself after a minute. */
const HOOK_LIFETIME_TICKS = 1200;

export interface BlockingHook {
  /** Resolves once the hook's child is running and waiting. */
  started(): Promise<void>;
  /** Lets the hook finish, exiting 0. */
  release(): void;
  /** Resolves once the hook and its child have both ended (a zombie counts as ended). */
  stopped(): Promise<void>;
  /** Whether the hook or its child still runs, right now. */
  runningNow(): boolean;
  /** Removes the hook and its files; a hook still waiting then ends. */
  dispose(): void;
}

export interface BlockingHookOptions {
  /** The hook and its child ignore Ctrl-C (`trap '' INT`), as some tools do. */
  readonly ignoreInterrupt?: boolean;
}

/** Installs `hook` (`pre-commit`, `post-commit`…) in `hooksDir`. */
export function installBlockingHook(hooksDir: string, hook: string, options: BlockingHookOptions = {}): BlockingHook {
  const marks = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-hook-'));
  const mark = (name: string) => path.join(marks, name);
  const script = path.join(hooksDir, hook);
  fs.mkdirSync(hooksDir, { recursive: true });
  fs.writeFileSync(script, [
    '#!/bin/sh',
    // An ignored signal stays ignored in the children the hook starts.
    ...(options.ignoreInterrupt ? ["trap '' INT"] : []),
    `echo $$ > '${mark('hook.pid')}'`,
    // Bounded (HOOK_LIFETIME_TICKS × 50 ms): git runs in a process group of its own, so a test
    // host killed mid-test (a deadline, Ctrl-C) would otherwise leave this hook running for ever.
    `sh -c 'echo $$ > "${mark('child.pid')}"; touch "${mark('started')}"; i=0; while [ -d "${marks}" ] && [ ! -e "${mark('release')}" ] && [ $i -lt ${HOOK_LIFETIME_TICKS} ]; do sleep 0.05; i=$((i+1)); done'`,
    ''
  ].join('\n'), { mode: 0o755 });
  const pids = () => ['hook.pid', 'child.pid'].map((name) => Number(fs.readFileSync(mark(name), 'utf8').trim()));
  return {
    started: () => untilTrue('the hook has started', () => fs.existsSync(mark('started')), marks),
    release: () => fs.writeFileSync(mark('release'), ''),
    stopped: () => untilTrue('the hook and its child have ended', () => !pids().some(running)),
    runningNow: () => pids().some(running),
    dispose: () => {
      fs.rmSync(script, { force: true });
      fs.rmSync(marks, { recursive: true, force: true });
    }
  };
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // A zombie has ended; only its parent has yet to collect its exit status.
    return !/^\d+ \(.*\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** Waits until `condition` holds: re-checked when `watchDir` changes, and every 25 ms for what no watcher reports. */
function untilTrue(what: string, condition: () => boolean, watchDir?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const watcher = watchDir ? fs.watch(watchDir, () => check()) : undefined;
    const timer = setInterval(() => check(), 25);
    const deadline = setTimeout(() => finish(new Error(`timed out waiting until ${what}`)), DEADLINE_MS);
    let done = false;
    function finish(error?: Error): void {
      done = true;
      watcher?.close();
      clearInterval(timer);
      clearTimeout(deadline);
      if (error) {
        reject(error);
      } else {
        resolve();
      }
    }
    function check(): void {
      let holds = false;
      try {
        holds = condition();
      } catch {
        // Not yet readable: check again.
      }
      if (holds && !done) {
        finish();
      }
    }
    check();
  });
}
