// Starts the offline VS Code server (see vscodeServerInstall.js) and the headless Chromium
// that shows its workbench. Shared by the integration-test runner, the demo launcher and
// the screenshot script, so all three open VS Code the same way.
import childProcess from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const SERVER_READY_DEADLINE_MS = 90 * 1000;

/** Settings that keep a fresh window quiet: no welcome page, tips, update checks or git scans. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // The folder the test runner answers into (see test/integration/runnerBridge.ts).
  'files.exclude': { '**/.dr-test': true },
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'files.autoSave': 'off',
  'security.workspace.trust.startupPrompt': 'never'
};

/** A TCP port that is free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The `vscode-remote://` URI the workbench uses for a path on the server's machine. */
export function remoteUri(port, absolutePath) {
  const posixPath = absolutePath.split(path.sep).join('/');
  return `vscode-remote://127.0.0.1:${port}${encodeURI(posixPath)}`;
}

/**
 * The workbench URL that opens `folder` (or, with `workspaceFile`, that `.code-workspace`),
 * optionally loading an extension under development (`extensionDevelopmentPath`) and running
 * its tests (`extensionTestsPath`).
 */
export function workbenchUrl({ port, folder, workspaceFile, extensionDevelopmentPath, extensionTestsPath }) {
  const params = [workspaceFile
    ? `workspace=${encodeURIComponent(remoteUri(port, workspaceFile))}`
    : `folder=${encodeURIComponent(remoteUri(port, folder))}`];
  const payload = [];
  if (extensionDevelopmentPath) {
    payload.push(['extensionDevelopmentPath', remoteUri(port, extensionDevelopmentPath)]);
  }
  if (extensionTestsPath) {
    payload.push(['extensionTestsPath', remoteUri(port, extensionTestsPath)]);
  }
  if (payload.length > 0) {
    payload.push(['skipWelcome', 'true']);
    params.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  }
  return `http://127.0.0.1:${port}/?${params.join('&')}`;
}

export function writeSettings(dataDir, settings) {
  const json = JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2);
  // The browser workbench reads user settings from the server's user-data dir; machine
  // settings are the server-side copy the extension host sees.
  for (const dir of [path.join(dataDir, 'user', 'User'), path.join(dataDir, 'server', 'data', 'Machine')]) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'settings.json'), json);
  }
}

/**
 * Starts the VS Code server on 127.0.0.1 and resolves once it serves the workbench.
 * `dataDir` receives the server's, the user's and the extensions' folders.
 * @returns {Promise<{port: number, process: import('node:child_process').ChildProcess, stop: () => Promise<void>, output: () => string}>}
 */
export async function startServer({ install, dataDir, port, trust = true, settings = {}, extensionsDir, onOutput }) {
  const chosenPort = port || (await freePort());
  writeSettings(dataDir, settings);
  const args = [
    install.serverMain,
    '--host', '127.0.0.1',
    '--port', String(chosenPort),
    '--without-connection-token',
    '--accept-server-license-terms',
    // Without it the built workbench ignores extension-development payloads.
    '--enable-smoke-test-driver',
    '--server-data-dir', path.join(dataDir, 'server'),
    '--user-data-dir', path.join(dataDir, 'user'),
    '--extensions-dir', extensionsDir || path.join(dataDir, 'extensions'),
    '--disable-telemetry'
  ];
  // With trust left on (and the startup prompt off), the folder opens in restricted mode.
  if (trust) {
    args.push('--disable-workspace-trust');
  }
  // Its own process group, so stopping it also stops the extension host and the pty host.
  const child = childProcess.spawn(install.node24, args, {
    cwd: install.codeServerDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let output = '';
  const collect = (chunk) => {
    const text = chunk.toString();
    output = (output + text).slice(-20000);
    if (onOutput) {
      onOutput(text);
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  const stop = () => stopProcessGroup(child);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`The VS Code server did not start within ${SERVER_READY_DEADLINE_MS / 1000} s. Its output:\n${output}`));
    }, SERVER_READY_DEADLINE_MS);
    const onData = () => {
      if (/Web UI available at/.test(output)) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`The VS Code server exited (${code ?? signal}) before it was ready. Its output:\n${output}`));
    });
  });
  return { port: chosenPort, process: child, stop, output: () => output };
}

function stopProcessGroup(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    const kill = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    };
    const forceTimer = setTimeout(() => kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(forceTimer);
      // Anything left in the group (a pty host, a watcher) goes too.
      kill('SIGKILL');
      resolve();
    });
    kill('SIGTERM');
  });
}

/** Launches the system Chromium headless, with the flags this closed, root-run machine needs. */
export async function launchBrowser(install) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: install.chromium,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run'
    ]
  });
}
