/**
 * `deployment-records`: the analytics of a checklists folder in a terminal or in CI, with the
 * same numbers as the panel (both call core/analytics). `metrics --json` is a versioned
 * interface (see analyticsTypes.ts). Exit codes: 0 done (skipped files are warnings), 2 bad
 * arguments, a missing, unlistable or not-a-folder folder or an unwritable --out, 1 anything unexpected. Never prints a stack trace.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { DEFAULT_THRESHOLDS, type CommitHistory, type DeploymentAnalytics, type DeploymentSummary, type DoraKey, type Stats } from './core/analytics/analyticsTypes';
import { computeAnalytics, parseSinceDate } from './core/analytics/computeAnalytics';
import { RecordFolderScanner } from './core/analytics/recordFolderScanner';
import { readRecordRow } from './core/analytics/analyticsRowReader';
import { countedKey, type AnalyticsRow } from './core/analytics/analyticsRow';
import { measureLeadTimes } from './core/analytics/leadTime';
import { createGitCommitHistory } from './core/analytics/gitCommitHistory';
import { EXPORT_ALL_DEPLOYMENTS, serializeMetrics } from './core/analytics/metricsExport';
import { otherOperators, unnamedDeployments } from './core/analytics/unnamedDeployments';
import { recordedEnvironments } from './core/analytics/recordedEnvironments';
import { formatDuration, formatSpan, formatWallMinute, parseWholeDurationSeconds } from './core/record/recordTime';
import type { Outcome } from './core/record/recordTypes';

/** Where the CLI reads from and writes to; `main` touches the process only through this. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTTY: boolean;
  /** Milliseconds since the epoch; Date.now() by default. */
  readonly now?: number;
  /** Git access for lead time; simple-git over the folder's repository by default. */
  readonly commitHistory?: (folder: string) => CommitHistory;
}

export const DEFAULT_FOLDER = path.join('deployments', 'checklists');

const HELP = `deployment-records — deployment analytics from your checklist records

Usage:
  deployment-records metrics [--folder DIR] [--env NAME] [--since DATE] [--json] [--no-git]
                             [--max-downtime S] [--max-duration S] [--max-time-to-healthy S]
  deployment-records trends  [--folder DIR] [--env NAME] [--since DATE] [--json]
  deployment-records history [-n N] [--folder DIR] [--env NAME] [--since DATE] [--json]
  deployment-records export  --format json|csv [--out FILE] [--folder DIR] [--env NAME] [--since DATE]
  deployment-records --help | --version

Options (a command takes only those on its usage line above, and refuses the others):
  --folder DIR    records folder (default: deployments/checklists, relative to the current folder)
  --env NAME      only this environment (case-insensitive)
  --since DATE    only deployments started on or after DATE (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS],
                  compared with the start's wall clock as recorded, so without an offset)
  --json          machine-readable output; metrics --json is schema version 1 (see the README)
  --no-git        do not read git history (lead time is then reported as unavailable)
  -n N            number of deployments for history (default 10)
  --format FMT    export format: json or csv
  --out FILE      write the export to FILE instead of standard output
                  (--out - is standard output too; ./- is a file named -)
  --max-downtime S         alert when Downtime is above S seconds (default 30)
  --max-duration S         alert when a deployment takes longer than S seconds (default 300)
  --max-time-to-healthy S  alert when Time to Healthy is above S seconds (default 60)
                           (S may also be a duration such as 5m or 1h 30m)

Exit codes: 0 done (skipped files, and an --env that no record names, are reported as warnings
              on stderr),
            2 bad arguments, a records folder not found, not a folder or that cannot be listed,
              or an --out file that cannot be written,
            1 unexpected error.
`;

class UsageError extends Error {}

/**
 * The package's version, from the package.json beside the running script: `dist/cli.js` in a
 * set-up or installed package, `out/src/cli.js` under test.
 */
function packageVersion(): string {
  for (const up of ['..', path.join('..', '..')]) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, up, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'deployment-records' && typeof manifest.version === 'string') {
        return manifest.version;
      }
    } catch {
      // Not there: try the next folder up.
    }
  }
  return 'unknown';
}

/**
 * parseArgs' own messages name Node's syntax (`'-n, --n <value>'`, `'--n=-XYZ'`); these say
 * what to type instead, in this command's words.
 */
function usageErrorFrom(err: unknown, argv: readonly string[]): UsageError {
  const message = err instanceof Error ? err.message : String(err);
  // The option as parseArgs names it first: `-n` or `--folder`.
  const option = /(?:Unknown option|Option) '(-{1,2}[^',= ]*)/.exec(message)?.[1];
  if (option === undefined) {
    return new UsageError(message);
  }
  if ((err as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    return new UsageError(`unknown option "${/Unknown option '([^']*)'/.exec(message)?.[1] ?? option}"`);
  }
  if (message.includes('does not take an argument')) {
    return new UsageError(`${option} takes no value`);
  }
  if (message.includes('is ambiguous')) {
    // The value given starts with a dash: `-n -1`, or `--folder --json` (a forgotten value).
    const at = argv.indexOf(option);
    const next = at === -1 ? undefined : argv[at + 1];
    if (next === undefined) {
      return new UsageError(`${option} needs a value`);
    }
    if (option === '-n') {
      return new UsageError(`-n must be a positive whole number, not "${next}"`);
    }
    return new UsageError(`${option} needs a value, and "${next}" looks like an option (write ${option}=${next} if it is the value)`);
  }
  return new UsageError(`${option} needs a value`);
}

type Command = 'metrics' | 'trends' | 'history' | 'export';
const COMMANDS: readonly Command[] = ['metrics', 'trends', 'history', 'export'];

/**
 * The options each command takes, in the order of its usage line in HELP (and of the README's
 * table); `--help` and `--version` go with any. An option of another command is refused: it
 * would be ignored, and the user would think it applied (`trends --max-duration 5m`).
 */
const COMMAND_OPTIONS: Readonly<Record<Command, readonly string[]>> = {
  metrics: ['folder', 'env', 'since', 'json', 'no-git', 'max-downtime', 'max-duration', 'max-time-to-healthy'],
  trends: ['folder', 'env', 'since', 'json'],
  history: ['n', 'folder', 'env', 'since', 'json'],
  export: ['format', 'out', 'folder', 'env', 'since']
};
const ANY_COMMAND_OPTIONS: readonly string[] = ['help', 'version'];

/** An option as typed: `-n`, `--folder`. */
function optionFlag(name: string): string {
  return name.length === 1 ? `-${name}` : `--${name}`;
}

/** `a`, `a and b`, `a, b and c`. */
function listed(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** Refuses the first of `given` (option names as parsed, in the order typed) that `command` does not take. */
function refuseOtherCommandsOptions(command: Command, given: readonly string[]): void {
  const own = COMMAND_OPTIONS[command];
  const stray = given.find((name) => !own.includes(name) && !ANY_COMMAND_OPTIONS.includes(name));
  if (stray === undefined) {
    return;
  }
  const takers = COMMANDS.filter((other) => COMMAND_OPTIONS[other].includes(stray));
  throw new UsageError(
    `${command} does not take ${optionFlag(stray)} (${takers.length === 1 ? `only ${takers[0]} does` : `${listed(takers)} do`}); ` +
      `${command} takes ${own.map(optionFlag).join(', ')}`
  );
}

/** A string option given as `--env ""` is almost always an unset shell variable: say so. */
function refuseEmpty(value: string | undefined, option: string, what: string): void {
  if (value !== undefined && value.trim() === '') {
    throw new UsageError(`${option} needs ${what}; it was given an empty value`);
  }
}

/** Why a file cannot be written, in words. */
function writeFailure(err: unknown): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'its folder does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
  }
}

/**
 * Why the records folder (`shown`, already inert) could not be looked at, in words, with what
 * to do: only a folder that does not exist is "not found"; a file on its path, a permission
 * denied on it or a folder above it, or another error (named by its code) says so.
 */
function folderFailure(shown: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return `records folder not found: ${shown}\nRun it from the repository root, or pass --folder DIR.`;
    case 'ENOTDIR':
      return `records folder ${shown} is not a folder: part of its path is a file\nPass the folder that holds the records: --folder DIR.`;
    case 'EACCES':
    case 'EPERM':
      return `records folder ${shown} cannot be read: permission denied (on it or a folder above it)`;
    case 'ELOOP':
      return `records folder ${shown} cannot be read: symbolic link loop`;
    case 'ENAMETOOLONG':
      return `records folder ${shown} cannot be read: the path is too long`;
    default:
      return `records folder ${shown} cannot be read${code ? ` (${inert(code)})` : ''}`;
  }
}

/** Environments named in the warning about an `--env` no record has; the rest are counted. */
const LISTED_ENVIRONMENTS = 10;

/**
 * Why `--env NAME` found nothing, when no record in the folder names that environment (a typo
 * such as `prodution` would otherwise give an empty report that a CI gate reads as a pass):
 * the environments the folder does have, busiest first. Undefined when some record names it,
 * even if `--since` then leaves none. Names are compared as `--env` compares them.
 */
function unknownEnvironment(rows: readonly AnalyticsRow[], env: string): string | undefined {
  const wanted = countedKey(env);
  const environments = recordedEnvironments(rows);
  if (environments.some((e) => e.key === wanted)) {
    return undefined;
  }
  const names = environments.map((e) => inert(e.name));
  const named = names.length > LISTED_ENVIRONMENTS ? `${names.slice(0, LISTED_ENVIRONMENTS).join(', ')} and ${names.length - LISTED_ENVIRONMENTS} more` : names.join(', ');
  return `no deployment in environment "${inert(env)}"; ${names.length === 0 ? 'no record names an environment' : `environments recorded: ${named}`}`;
}

/**
 * CSV on a terminal: control characters from records other than the line breaks and tabs CSV
 * uses would be markup for the terminal (a colour, a cleared line), so they are shown as `?`.
 * A file written with --out or a pipe gets the data unchanged.
 */
function inertForTerminal(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/g, '?');
}

/** Terminal control characters in record text would be markup for the terminal: show them inert. */
function inert(text: string | undefined): string {
  return (text ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

function percent(ratio: number | null): string {
  return ratio === null ? 'n/a' : `${Math.round(ratio * 1000) / 10} %`;
}

interface Paint {
  bold(s: string): string;
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
}

function paint(enabled: boolean): Paint {
  const wrap = (code: string) => (s: string) => (enabled ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { bold: wrap('1'), green: wrap('32'), red: wrap('31'), yellow: wrap('33'), dim: wrap('2') };
}

/** Each outcome's mark and word; the word is padded apart, so emoji of any length line up. */
const OUTCOME_LABEL: Record<Outcome, readonly [mark: string, word: string]> = {
  success: ['✅', 'succeeded'],
  failed: ['❌', 'failed'],
  rolledBack: ['↩️', 'rolled back'],
  aborted: ['⏹️', 'aborted'],
  inProgress: ['🔄', 'in progress']
};
const OUTCOME_WORD_WIDTH = Math.max(...Object.values(OUTCOME_LABEL).map(([, word]) => word.length));
/** Operators listed by name under Top Contributors; the rest share one row, as in the panel. */
const TOP_CONTRIBUTORS = 10;
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function statsLine(stats: Stats): string {
  return `median ${formatDuration(stats.median)}, p90 ${formatDuration(stats.p90)}, mean ${formatDuration(stats.mean)} (${stats.count} timed)`;
}

function doraValue(key: DoraKey): string {
  if (key.value === null) {
    return `n/a${key.note ? ` (${key.note})` : ''}`;
  }
  const text = key.unit === 'seconds' ? formatSpan(key.value) : key.unit === 'ratio' ? percent(key.value) : `${key.value}/week`;
  return `${text}${key.band ? ` (${key.band})` : key.note ? ` (${key.note})` : ''}`;
}

function deploymentLine(d: DeploymentSummary): string {
  // Lists run newest first by instant; the offset is shown, so that `17:06 -04:00` above
  // `17:48` (no offset) reads as the order it is.
  // Padded to the width of `YYYY-MM-DD HH:MM ±HH:MM`, so the columns after it line up.
  const when = formatWallMinute(d.startIso).padEnd(23);
  const took = d.totalSeconds !== undefined ? formatDuration(d.totalSeconds) : '';
  const [mark, word] = OUTCOME_LABEL[d.outcome];
  // Columns of fixed width, so that durations and IDs line up whatever the outcome.
  return `   ${when}  ${inert(d.environment ?? '—').padEnd(12)} ${inert(d.operator ?? '—').padEnd(18)} ${mark} ${word.padEnd(OUTCOME_WORD_WIDTH)}  ${took.padStart(10)}  ${inert(d.id ?? d.file)}`;
}

function renderMetrics(a: DeploymentAnalytics, folder: string, p: Paint): string {
  const lines: string[] = [];
  const finished = a.outcomes.success + a.outcomes.failed + a.outcomes.rolledBack;
  lines.push(p.bold(`Deployment metrics — ${inert(folder)}`) + (a.filters.environment ? ` — ${inert(a.filters.environment)}` : '') + (a.filters.since ? ` — since ${inert(a.filters.since)}` : ''));
  lines.push('');
  lines.push(
    `📊 Total Deployments: ${p.bold(String(a.records))} (${a.outcomes.success} succeeded, ${a.outcomes.failed} failed, ${a.outcomes.rolledBack} rolled back, ${a.outcomes.aborted} aborted, ${a.outcomes.inProgress} in progress)`
  );
  const rate = a.successRate === null ? p.dim('n/a (no finished deployments)') : (a.successRate >= 0.9 ? p.green : a.successRate >= 0.75 ? p.yellow : p.red)(percent(a.successRate));
  lines.push(`✅ Success Rate: ${rate}${a.successRate === null ? '' : ` (${a.outcomes.success} of ${finished} finished)`}`);
  lines.push(`⏱️  Duration: ${a.durations.total ? statsLine(a.durations.total) : 'n/a (no record has both Start Time and End Time)'}`);
  for (const [name, stats] of Object.entries(a.durations.phases)) {
    lines.push(`   ${inert(name).padEnd(12)} ${statsLine(stats)}`);
  }
  if (a.durations.downtime) {
    lines.push(`   downtime     ${statsLine(a.durations.downtime)}`);
  }
  if (a.healthChecks.passed + a.healthChecks.failed > 0) {
    lines.push(`🩺 Health Checks: ${a.healthChecks.passed} passed, ${a.healthChecks.failed} failed${a.durations.timeToHealthy ? `; time to healthy median ${formatDuration(a.durations.timeToHealthy.median)}` : ''}`);
  }
  lines.push('');
  lines.push('👥 Top Contributors:');
  if (a.operators.length === 0) {
    lines.push('   (no record names an operator)');
  }
  // The comma stays on its word and the padding goes after it, so the columns line up.
  const contributorLine = (name: string, deployments: number, succeeded: number): string =>
    `   ${name.padEnd(22)} ${String(deployments).padStart(4)} ${(deployments === 1 ? 'deployment,' : 'deployments,').padEnd(12)} ${succeeded} succeeded`;
  for (const op of a.operators.slice(0, TOP_CONTRIBUTORS)) {
    lines.push(contributorLine(inert(op.name), op.deployments, op.succeeded));
  }
  const others = otherOperators(a, TOP_CONTRIBUTORS);
  if (others) {
    lines.push(contributorLine(`(${others.operators} ${others.operators === 1 ? 'other' : 'others'})`, others.deployments, others.succeeded));
  }
  const unnamed = unnamedDeployments(a);
  if (a.operators.length > 0 && unnamed.operator.deployments > 0) {
    lines.push(contributorLine('(no operator recorded)', unnamed.operator.deployments, unnamed.operator.succeeded));
  }
  lines.push('');
  lines.push('🌍 Environment Distribution:');
  if (a.environments.length === 0) {
    lines.push('   (no record names an environment)');
  }
  for (const env of a.environments) {
    lines.push(`   ${inert(env.name).padEnd(22)} ${String(env.deployments).padStart(4)}  (${percent(a.records ? env.deployments / a.records : 0)})`);
  }
  if (a.environments.length > 0 && unnamed.environment > 0) {
    lines.push(`   ${'(none recorded)'.padEnd(22)} ${String(unnamed.environment).padStart(4)}  (${percent(unnamed.environment / a.records)})`);
  }
  if (a.records > 0) {
    const busiestHour = a.byHour.indexOf(Math.max(...a.byHour));
    const busiestDay = a.byWeekday.indexOf(Math.max(...a.byWeekday));
    lines.push('');
    lines.push(`🕐 Busiest Hour: ${String(busiestHour).padStart(2, '0')}:00 (${a.byHour[busiestHour]})   📅 Busiest Day: ${WEEKDAYS[busiestDay]} (${a.byWeekday[busiestDay]})`);
  }
  lines.push('');
  lines.push('🕒 Recent Deployments:');
  if (a.recent.length === 0) {
    lines.push('   (no deployments)');
  }
  for (const d of a.recent.slice(0, 5)) {
    lines.push(deploymentLine(d));
  }
  if (a.slowest.length > 0) {
    lines.push('');
    lines.push('🐢 Slowest Deployments:');
    for (const d of a.slowest) {
      lines.push(deploymentLine(d));
    }
  }
  lines.push('');
  const i = a.issues;
  lines.push(
    // The impacts add up to the total: an issue with no Impact field (a note's, say) is counted too.
    `🚨 Issues: ${i.total} logged (${i.byImpact.High} high, ${i.byImpact.Medium} medium, ${i.byImpact.Low} low impact` +
      (i.byImpact.unknown > 0 ? `, ${i.byImpact.unknown} with no impact recorded` : '') +
      `), ${i.unresolved} unresolved` +
      (i.meanTimeToResolveSeconds !== null ? `, mean time to resolve ${formatSpan(i.meanTimeToResolveSeconds)}` : '')
  );
  for (const t of i.recurringTitles.slice(0, 3)) {
    lines.push(`   recurring: "${inert(t.name)}" ×${t.count}`);
  }
  for (const [label, list] of [
    ['most failed', a.steps.failed],
    ['most skipped', a.steps.skipped],
    ['most blocked', a.steps.blocked]
  ] as const) {
    if (list.length > 0) {
      lines.push(`   ${label} steps: ${list.slice(0, 3).map((s) => `${inert(s.name)} (${s.count})`).join(', ')}`);
    }
  }
  lines.push('');
  lines.push(`🏁 DORA (bands: ${a.dora.bandsSource}):`);
  if (a.dora.environments.length === 0) {
    lines.push('   (no record names an environment)');
  }
  for (const env of a.dora.environments) {
    lines.push(`   ${p.bold(inert(env.environment))}`);
    lines.push(`     deployment frequency  ${doraValue(env.deploymentFrequency)}`);
    lines.push(`     lead time for changes ${doraValue(env.leadTime)}`);
    lines.push(`     change failure rate   ${doraValue(env.changeFailureRate)}`);
    lines.push(`     recovery time         ${doraValue(env.recoveryTime)}`);
  }
  if (a.alerts.length > 0) {
    lines.push('');
    lines.push(p.yellow(`⚠️  Alerts (${a.alerts.length}):`));
    for (const alert of a.alerts.slice(-10).reverse()) {
      lines.push(`   ${inert(alert.message)}`);
    }
    if (a.alerts.length > 10) {
      lines.push(p.dim(`   … and ${a.alerts.length - 10} more (metrics --json lists them all)`));
    }
  }
  if (a.problems.length > 0) {
    lines.push('');
    lines.push(p.yellow(`⚠️  Problems in records (${a.problems.length}):`));
    for (const problem of a.problems.slice(0, 10)) {
      lines.push(`   ${inert(problem.file)}:${problem.line}: ${inert(problem.message)}`);
    }
    if (a.problems.length > 10) {
      lines.push(p.dim(`   … and ${a.problems.length - 10} more (metrics --json lists them all)`));
    }
  }
  if (a.recommendations.length > 0) {
    lines.push('');
    lines.push('💡 Recommendations:');
    for (const r of a.recommendations) {
      lines.push(`   • ${inert(r.text)}`);
    }
  }
  return lines.join('\n') + '\n';
}

function renderTrends(a: DeploymentAnalytics): string {
  const lines = [`📈 Trends (rolling ${a.trends.windowWeeks}-week window)`, '', '   week       deployments  success rate  median duration'];
  for (const point of a.trends.points) {
    lines.push(
      `   ${point.period}  ${String(point.deployments).padStart(11)}  ${percent(point.rollingSuccessRate).padStart(12)}  ${(point.rollingMedianSeconds === null ? 'n/a' : formatDuration(point.rollingMedianSeconds)).padStart(15)}`
    );
  }
  if (a.trends.points.length === 0) {
    lines.push('   (no deployments)');
  }
  return lines.join('\n') + '\n';
}


function positiveInt(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) {
    return fallback;
  }
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new UsageError(`${name} must be a positive whole number, not "${text}"`);
  }
  return n;
}

/**
 * An alert threshold: seconds as a number, or a duration as records write it (`5m`, `1h 30m`,
 * `1h30`), and nothing else: `5m garbage` is refused, not read as 5m.
 */
function seconds(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) {
    return fallback;
  }
  const n = /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : parseWholeDurationSeconds(text);
  if (n === undefined || !Number.isFinite(n) || n < 0) {
    throw new UsageError(`${name} must be a number of seconds or a duration such as 5m or 1h 30m, with nothing after it, not "${inert(text)}"`);
  }
  return n;
}

/**
 * Runs the command line `argv` (without `node` and the script) and resolves with the exit code.
 * Never rejects.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`deployment-records: ${err.message}\nRun "deployment-records --help" for usage.\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.err(`deployment-records: unexpected error: ${message.split('\n')[0]}\nPlease report it with the command you ran.\n`);
    return 1;
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        folder: { type: 'string' },
        env: { type: 'string' },
        since: { type: 'string' },
        json: { type: 'boolean' },
        'no-git': { type: 'boolean' },
        n: { type: 'string', short: 'n' },
        format: { type: 'string' },
        out: { type: 'string' },
        'max-downtime': { type: 'string' },
        'max-duration': { type: 'string' },
        'max-time-to-healthy': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' }
      }
    });
  } catch (err) {
    throw usageErrorFrom(err, argv);
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.version && !values.help) {
    io.out(`${packageVersion()}\n`);
    return 0;
  }
  if (values.help || command === 'help' || command === undefined) {
    if (command === undefined && !values.help) {
      io.err(HELP);
      return 2;
    }
    io.out(HELP);
    return 0;
  }
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown command "${command}" (expected metrics, trends, history or export)`);
  }
  if (positionals.length > 1) {
    throw new UsageError(`unexpected argument "${positionals[1]}"`);
  }
  refuseOtherCommandsOptions(command as Command, Object.keys(values));
  if (command === 'export' && values.format !== 'json' && values.format !== 'csv') {
    throw new UsageError(values.format === undefined ? 'export needs --format json or --format csv' : `unknown export format "${values.format}" (expected json or csv)`);
  }
  if (values.since !== undefined && parseSinceDate(values.since) === undefined) {
    throw new UsageError(`--since "${inert(values.since)}" is not a date (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], without an offset)`);
  }
  refuseEmpty(values.folder, '--folder', 'a folder');
  refuseEmpty(values.env, '--env', 'an environment name');
  refuseEmpty(values.out, '--out', 'a file name');
  const limit = positiveInt(values.n, '-n', 10);
  const thresholds = {
    downtimeSeconds: seconds(values['max-downtime'], '--max-downtime', DEFAULT_THRESHOLDS.downtimeSeconds),
    totalSeconds: seconds(values['max-duration'], '--max-duration', DEFAULT_THRESHOLDS.totalSeconds),
    timeToHealthySeconds: seconds(values['max-time-to-healthy'], '--max-time-to-healthy', DEFAULT_THRESHOLDS.timeToHealthySeconds)
  };

  const folderArg = values.folder ?? DEFAULT_FOLDER;
  const folder = path.resolve(io.cwd, folderArg);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(folder);
  } catch (err) {
    io.err(`deployment-records: ${folderFailure(inert(folderArg), err)}\n`);
    return 2;
  }
  if (!stat.isDirectory()) {
    io.err(`deployment-records: records folder ${inert(folderArg)} is not a folder\nPass the folder that holds the records: --folder DIR.\n`);
    return 2;
  }

  const history = command === 'metrics' && !values['no-git'] ? (io.commitHistory ?? createGitCommitHistory)(folder) : undefined;
  // git looks for the repository in its own process while this one reads the folder.
  history?.prepare?.();
  const scan = await new RecordFolderScanner(folder, { blocking: true, read: readRecordRow }).scan();
  // The folder itself could not be listed: that is not a folder of no deployments, and CI
  // must not pass on it.
  const unlisted = scan.skipped.find((s) => s.file === '.');
  if (unlisted !== undefined) {
    io.err(`deployment-records: records folder ${inert(folderArg)}: ${unlisted.reason}\n`);
    return 2;
  }
  for (const s of scan.skipped) {
    io.err(`warning: skipped ${inert(s.file)}: ${s.reason}\n`);
  }
  if (values.env !== undefined) {
    const unknown = unknownEnvironment(scan.records, values.env);
    if (unknown !== undefined) {
      io.err(`warning: ${unknown}\n`);
    }
  }
  const leadTimes = history ? await measureLeadTimes(scan.records, history) : undefined;
  const analytics = computeAnalytics(scan, {
    ...(values.env !== undefined ? { environment: values.env } : {}),
    ...(values.since !== undefined ? { since: values.since } : {}),
    ...(io.now !== undefined ? { now: io.now } : {}),
    ...(leadTimes ? { leadTimes } : {}),
    recentLimit: command === 'export' ? EXPORT_ALL_DEPLOYMENTS : command === 'history' ? limit : 10,
    thresholds
  });
  // no-color.org: NO_COLOR turns colour off when it is present and not empty.
  const colour = io.isTTY && (io.env.NO_COLOR === undefined || io.env.NO_COLOR === '');
  const p = paint(colour);

  switch (command) {
    case 'metrics':
      io.out(values.json ? JSON.stringify(analytics, null, 2) + '\n' : renderMetrics(analytics, folderArg, p));
      break;
    case 'trends':
      io.out(values.json ? JSON.stringify({ schemaVersion: analytics.schemaVersion, trends: analytics.trends, perWeek: analytics.perWeek, perMonth: analytics.perMonth }, null, 2) + '\n' : renderTrends(analytics));
      break;
    case 'history':
      io.out(
        values.json
          ? JSON.stringify({ schemaVersion: analytics.schemaVersion, deployments: analytics.recent }, null, 2) + '\n'
          : [
              `🕒 Last ${analytics.recent.length} ${analytics.recent.length === 1 ? 'deployment' : 'deployments'} (newest first, by recorded start time)`,
              ...(analytics.recent.length === 0 ? ['   (no deployments)'] : analytics.recent.map(deploymentLine))
            ].join('\n') + '\n'
      );
      break;
    case 'export': {
      const text = serializeMetrics(analytics, values.format === 'csv' ? 'csv' : 'json');
      // `--out -` is standard output, as most commands read it; `./-` names a file called `-`.
      if (values.out !== undefined && values.out !== '-') {
        const target = path.resolve(io.cwd, values.out);
        try {
          fs.writeFileSync(target, text);
        } catch (err) {
          io.err(`deployment-records: cannot write ${inert(values.out)}: ${writeFailure(err)}\n`);
          return 2;
        }
        io.err(`exported ${analytics.recent.length} ${analytics.recent.length === 1 ? 'deployment' : 'deployments'} to ${inert(values.out)}\n`);
      } else {
        io.out(io.isTTY ? inertForTerminal(text) : text);
      }
      break;
    }
  }
  return 0;
}

/** The real process as a CliIo. */
function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    isTTY: process.stdout.isTTY === true
  };
}

if (require.main === module) {
  // `| head` closes the pipe early; that is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    process.exit(err.code === 'EPIPE' ? 0 : 1);
  });
  process.on('uncaughtException', (err) => {
    process.stderr.write(`deployment-records: unexpected error: ${String(err?.message ?? err).split('\n')[0]}\n`);
    process.exit(1);
  });
  void main(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
