// Builds the extension and a demo workspace full of sample records, for `npm start` and
// `npm run screenshots`. The demo's workspace lives outside the repository and is recreated
// on every run, so it always shows the current fixtures and generator; the screenshots build
// the same workspace in a temporary folder of their own, so that the deployment they start
// never lands in the demo.
import childProcess from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cacheDirectory } from './vscodeServerInstall.js';
import { createGitWorkspace } from './testWorkspace.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEMO_SPAN_DAYS = 90;
const GENERATOR_SOURCE = path.join(REPO_ROOT, 'test', 'fixtures', 'generateRecords.ts');
const GENERATOR_COMPILED = path.join(REPO_ROOT, 'out', 'test', 'fixtures', 'generateRecords.js');
const HISTORY_SOURCE = path.join(REPO_ROOT, 'test', 'fixtures', 'generateHistory.ts');
const HISTORY_COMPILED = path.join(REPO_ROOT, 'out', 'test', 'fixtures', 'generateHistory.js');
const FIXTURE_CHECKLISTS = path.join(REPO_ROOT, 'test', 'fixtures', 'real-world', 'deployments', 'checklists');
const GENERATED_RECORD_COUNT = 60;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Folder shared by the demo workspace and the demo's VS Code data (next to the server cache). */
export function demoRoot() {
  return path.join(path.dirname(cacheDirectory()), 'demo');
}

function npmRun(script) {
  const result = childProcess.spawnSync('npm', ['run', script], { cwd: REPO_ROOT, stdio: 'inherit' });
  return result.status === 0;
}

/**
 * `npm run build`, failing loudly: the demo and the screenshots need dist/.
 * DEPLOYMENT_RECORDS_SKIP_BUILD=1 reuses the dist/ already there.
 */
export function buildExtension() {
  if (process.env.DEPLOYMENT_RECORDS_SKIP_BUILD === '1') {
    if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'extension.js'))) {
      throw new Error('DEPLOYMENT_RECORDS_SKIP_BUILD=1, but dist/extension.js is missing; run "npm run build".');
    }
    return;
  }
  if (!npmRun('build')) {
    throw new Error('"npm run build" failed; fix the build errors above and try again.');
  }
}

function newerThan(file, other) {
  try {
    return fs.statSync(file).mtimeMs >= fs.statSync(other).mtimeMs;
  } catch {
    return false;
  }
}

/**
 * The named function of a test fixture module, compiled on demand (with the other tests) when
 * the compiled copy is missing or older than its source; undefined without it.
 */
async function loadFixture(source, compiled, name) {
  if (!fs.existsSync(source) && !fs.existsSync(compiled)) {
    return undefined;
  }
  if (fs.existsSync(source) && !newerThan(compiled, source)) {
    // tsc emits even when another file has a type error, so the exit code is not the test.
    npmRun('compile-tests');
  }
  if (!fs.existsSync(compiled)) {
    return undefined;
  }
  const module = await import(pathToFileURL(compiled).href);
  const fn = module[name] ?? module.default?.[name];
  return typeof fn === 'function' ? fn : undefined;
}

/** Where `npm start` keeps its demo workspace. */
export function demoWorkspaceDirectory() {
  return path.join(demoRoot(), 'workspace');
}

/**
 * Recreates a demo workspace in `workspace` (by default the demo's own, see
 * {@link demoWorkspaceDirectory}): a git repository with the template at
 * `deployments/deployment-checklist.md`, the real-world fixture records and about 60
 * generated ones in `deployments/checklists/`, which deploy commits of the repository's own
 * history (so lead time can be measured). Whatever was in `workspace` is removed first.
 * Returns its path.
 */
export async function createDemoWorkspace(workspace = demoWorkspaceDirectory(), label = 'Demo workspace') {
  fs.rmSync(workspace, { recursive: true, force: true });
  const writeGeneratedRecords = await loadFixture(GENERATOR_SOURCE, GENERATOR_COMPILED, 'writeGeneratedRecords');
  const importHistory = await loadFixture(HISTORY_SOURCE, HISTORY_COMPILED, 'importHistory');
  let generated = 0;
  createGitWorkspace(workspace, (root) => {
    const deployments = path.join(root, 'deployments');
    const checklists = path.join(deployments, 'checklists');
    fs.mkdirSync(checklists, { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, 'templates', 'deployment-checklist.md'), path.join(deployments, 'deployment-checklist.md'));
    if (writeGeneratedRecords) {
      // The three months up to today, so "this month", the trends and the time-range filters
      // have something to show whenever the demo is opened.
      const startMs = Date.now() - DEMO_SPAN_DAYS * DAY_MS;
      const start = new Date(startMs).toISOString().slice(0, 10);
      // Commits every six hours from a week before the first record, which the records
      // deploy, so that the panel's lead time for changes is read from this repository.
      const commits = importHistory?.(root, { count: (DEMO_SPAN_DAYS + 7) * 4, fromMs: startMs - 7 * DAY_MS, everyMs: DAY_MS / 4 });
      generated = writeGeneratedRecords(checklists, { count: GENERATED_RECORD_COUNT, startDate: start, spanDays: DEMO_SPAN_DAYS, commits }).length;
    }
    // The real records go in last: they are the ones the demo must show exactly as written.
    for (const name of fs.readdirSync(FIXTURE_CHECKLISTS)) {
      fs.copyFileSync(path.join(FIXTURE_CHECKLISTS, name), path.join(checklists, name));
    }
  }, { name: 'Demo Operator', email: 'demo@deployment-records.invalid' });
  const fixtures = fs.readdirSync(FIXTURE_CHECKLISTS).length;
  process.stdout.write(
    `${label}: ${workspace}\n  ${fixtures} real-world files and ${generated} generated records` +
      (writeGeneratedRecords ? '' : ' (no record generator found in test/fixtures)') +
      '\n'
  );
  return workspace;
}

/** Files the packaged extension (.vsix) contains, copied as an installed extension would be. */
const EXTENSION_FILES = ['package.json', 'dist', 'media', 'templates', 'README.md', 'CHANGELOG.md', 'LICENSE'];

/**
 * Installs the built extension into `extensionsDir` as a plain folder, the way the VS Code
 * server loads installed extensions, replacing any previous copy.
 */
export function installBuiltExtension(extensionsDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  fs.rmSync(extensionsDir, { recursive: true, force: true });
  const target = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.mkdirSync(target, { recursive: true });
  for (const entry of EXTENSION_FILES) {
    const source = path.join(REPO_ROOT, entry);
    if (fs.existsSync(source)) {
      // Screenshots are for the README and are left out of the .vsix too.
      fs.cpSync(source, path.join(target, entry), {
        recursive: true,
        filter: (file) => !file.startsWith(path.join(REPO_ROOT, 'media', 'screenshots'))
      });
    }
  }
  return target;
}
