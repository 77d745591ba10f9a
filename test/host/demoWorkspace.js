// Builds the extension and a demo workspace full of sample records, for `npm start` and
// `npm run screenshots`. The workspace lives outside the repository and is recreated on
// every run, so it always shows the current fixtures and generator.
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
const FIXTURE_CHECKLISTS = path.join(REPO_ROOT, 'test', 'fixtures', 'real-world', 'deployments', 'checklists');
const GENERATED_RECORD_COUNT = 60;

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

/** The record generator's `writeGeneratedRecords`, compiled on demand; undefined without it. */
async function loadRecordGenerator() {
  if (!fs.existsSync(GENERATOR_SOURCE) && !fs.existsSync(GENERATOR_COMPILED)) {
    return undefined;
  }
  if (fs.existsSync(GENERATOR_SOURCE) && !newerThan(GENERATOR_COMPILED, GENERATOR_SOURCE)) {
    // tsc emits even when another file has a type error, so the exit code is not the test.
    npmRun('compile-tests');
  }
  if (!fs.existsSync(GENERATOR_COMPILED)) {
    return undefined;
  }
  const generator = await import(pathToFileURL(GENERATOR_COMPILED).href);
  const write = generator.writeGeneratedRecords ?? generator.default?.writeGeneratedRecords;
  return typeof write === 'function' ? write : undefined;
}

/**
 * Recreates the demo workspace: a git repository with the template at
 * `deployments/deployment-checklist.md`, the real-world fixture records and about 60
 * generated ones in `deployments/checklists/`. Returns its path.
 */
export async function createDemoWorkspace() {
  const workspace = path.join(demoRoot(), 'workspace');
  fs.rmSync(workspace, { recursive: true, force: true });
  const writeGeneratedRecords = await loadRecordGenerator();
  let generated = 0;
  createGitWorkspace(workspace, (root) => {
    const deployments = path.join(root, 'deployments');
    const checklists = path.join(deployments, 'checklists');
    fs.mkdirSync(checklists, { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, 'templates', 'deployment-checklist.md'), path.join(deployments, 'deployment-checklist.md'));
    if (writeGeneratedRecords) {
      // The three months up to today, so "this month", the trends and the time-range filters
      // have something to show whenever the demo is opened.
      const start = new Date(Date.now() - DEMO_SPAN_DAYS * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
      generated = writeGeneratedRecords(checklists, { count: GENERATED_RECORD_COUNT, startDate: start, spanDays: DEMO_SPAN_DAYS }).length;
    }
    // The real records go in last: they are the ones the demo must show exactly as written.
    for (const name of fs.readdirSync(FIXTURE_CHECKLISTS)) {
      fs.copyFileSync(path.join(FIXTURE_CHECKLISTS, name), path.join(checklists, name));
    }
  }, { name: 'Demo Operator', email: 'demo@deployment-records.invalid' });
  const fixtures = fs.readdirSync(FIXTURE_CHECKLISTS).length;
  process.stdout.write(
    `Demo workspace: ${workspace}\n  ${fixtures} real-world files and ${generated} generated records` +
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
