import { execFile } from 'node:child_process';
import * as path from 'node:path';

/** One `- **<Tool> Version**: …` line for a new record. */
export interface ToolVersion {
  /** Display name, e.g. `Terraform`. */
  readonly tool: string;
  /** The version, or a short reason it is missing (`not installed`, `timed out after 3 s`…). */
  readonly version: string;
}

export const TOOL_TIMEOUT_MS = 3000;
export const NOT_COLLECTED_UNTRUSTED = 'not collected (untrusted workspace)';
const MAX_OUTPUT_BYTES = 64 * 1024;

/**
 * Splits a command line into an executable and its arguments, honouring simple quotes.
 * There is deliberately no shell: `terraform; rm -rf ~` becomes the executable `terraform;`
 * with odd arguments, which simply fails to start.
 */
export function splitCommandLine(commandLine: string): string[] {
  const args: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let match = pattern.exec(commandLine); match; match = pattern.exec(commandLine)) {
    args.push(match[1] ?? match[2] ?? match[3] ?? '');
  }
  return args;
}

/** `terraform` → `Terraform`; `/usr/bin/kubectl.exe` → `Kubectl`. */
export function toolDisplayName(executable: string): string {
  const base = path.basename(executable).replace(/\.(exe|cmd|bat)$/i, '').replace(/[^\p{L}\p{N}_.-]/gu, '');
  return base === '' ? 'Tool' : base.charAt(0).toUpperCase() + base.slice(1);
}

/** The version token of a tool's first output line (`Terraform v1.13.1` → `v1.13.1`), else the whole line. */
export function versionFromOutput(output: string): string | undefined {
  const firstLine = output.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '');
  if (firstLine === undefined) {
    return undefined;
  }
  const token = /\bv?\d+\.\d+(?:\.\d+)?(?:[-+][\w.-]+)?/.exec(firstLine);
  return (token ? token[0] : firstLine).slice(0, 200);
}

function runOne(executable: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(executable, args, { cwd, timeout: TOOL_TIMEOUT_MS, maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true, shell: false },
      (error, stdout, stderr) => {
        const err = error as (NodeJS.ErrnoException & { killed?: boolean; signal?: string }) | null;
        if (err?.code === 'ENOENT' || err?.code === 'EACCES') {
          resolve('not installed');
          return;
        }
        if (err?.killed || err?.signal === 'SIGTERM') {
          resolve(`timed out after ${TOOL_TIMEOUT_MS / 1000} s`);
          return;
        }
        const version = versionFromOutput(String(stdout)) ?? versionFromOutput(String(stderr));
        resolve(version ?? (err ? 'unavailable (the command failed)' : 'unknown (no output)'));
      });
  });
}

/**
 * Runs each configured version command without a shell, with a 3-second timeout, in the
 * workspace folder. In an untrusted workspace nothing runs: the settings may come from a
 * cloned repository, so every tool reads "not collected (untrusted workspace)".
 */
export async function collectToolVersions(commands: readonly string[], cwd: string, trusted: boolean): Promise<ToolVersion[]> {
  const parsed = commands.map(splitCommandLine).filter((args) => args.length > 0);
  return Promise.all(parsed.map(async ([executable, ...args]) => ({
    tool: toolDisplayName(executable),
    version: trusted ? await runOne(executable, args, cwd) : NOT_COLLECTED_UNTRUSTED
  })));
}
