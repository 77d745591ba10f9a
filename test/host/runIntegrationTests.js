#!/usr/bin/env node
// Runs the integration tests (out/test/integration/**) inside a real VS Code extension host.
//
// Host, from DEPLOYMENT_RECORDS_TEST_HOST:
//   server (default)  the VS Code server from the code-server npm package, in headless
//                     Chromium driven by playwright-core; works offline (see
//                     vscodeServerInstall.js for what gets installed, and where).
//   electron          @vscode/test-electron, which downloads desktop VS Code.
//
// Five configurations run one after the other, each with its own server, temporary git
// workspace and user data: `trusted` (every suite but restricted/, activation/, packaged/ and
// multiRoot/), `restricted` (restricted/ only, in a workspace VS Code does not trust),
// `activation` (activation/ only, in a workspace whose records sit in a folder its settings
// name), `packaged`
// (packaged/ only, against the extension packaged into a .vsix and installed with the
// server's CLI; server host only) and `multiroot` (multiRoot/ only, in a workspace of two
// folders, each its own git repository).
//
// Other environment variables:
//   DEPLOYMENT_RECORDS_SCREENSHOT_DIR  save a final screenshot of each configuration there,
//                                      and answer tests' screenshot requests there
//   DEPLOYMENT_RECORDS_TEST_DEADLINE   overall deadline per configuration, in seconds (900)
//   DEPLOYMENT_RECORDS_KEEP_TEMP=1     keep the temporary workspaces for inspection
//   DEPLOYMENT_RECORDS_CONFIGURATIONS  comma-separated names to run only those (all by default)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import util from 'node:util';
import { ensureVscodeServer } from './vscodeServerInstall.js';
import { startServer, launchBrowser, workbenchUrl, QUIET_SETTINGS } from './vscodeServer.js';
import { createCustomFolderWorkspace, createMultiRootTestWorkspace, createTestWorkspace, BRIDGE_FOLDER } from './testWorkspace.js';
import { packageExtension, installWithServerCli } from './packagedExtension.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SUMMARY_PREFIX = '@@mocha-summary ';
const DEADLINE_MS = Number(process.env.DEPLOYMENT_RECORDS_TEST_DEADLINE || 900) * 1000;
const SCREENSHOT_DIR = process.env.DEPLOYMENT_RECORDS_SCREENSHOT_DIR
  ? path.resolve(process.env.DEPLOYMENT_RECORDS_SCREENSHOT_DIR)
  : undefined;

const ALL_CONFIGURATIONS = [
  { name: 'trusted', trust: true, testsPath: path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js') },
  { name: 'restricted', trust: false, testsPath: path.join(REPO_ROOT, 'out', 'test', 'integration', 'restricted', 'index.js') },
  // Records in a folder set in the workspace's settings, and no editor open: activation alone must bring the timer.
  { name: 'activation', trust: true, workspace: 'customFolder', testsPath: path.join(REPO_ROOT, 'out', 'test', 'integration', 'activation', 'index.js') },
  // Installs the .vsix with the server's CLI, which the electron host has no counterpart of here.
  { name: 'packaged', trust: true, packaged: true, testsPath: path.join(REPO_ROOT, 'out', 'test', 'integration', 'packaged', 'index.js') },
  // Folder names the multiRoot suite expects (test/integration/multiRoot/).
  { name: 'multiroot', trust: true, folders: ['payments', 'search'], testsPath: path.join(REPO_ROOT, 'out', 'test', 'integration', 'multiRoot', 'index.js') }
];
const SELECTED = (process.env.DEPLOYMENT_RECORDS_CONFIGURATIONS || '').split(',').map((name) => name.trim()).filter(Boolean);
const CONFIGURATIONS = SELECTED.length > 0 ? ALL_CONFIGURATIONS.filter((configuration) => SELECTED.includes(configuration.name)) : ALL_CONFIGURATIONS;

/** Everything to undo when the run ends, however it ends (Ctrl-C included). */
const cleanups = new Set();
async function runCleanups() {
  for (const cleanup of [...cleanups].reverse()) {
    cleanups.delete(cleanup);
    try {
      await cleanup();
    } catch (error) {
      process.stderr.write(`cleanup failed: ${error.message}\n`);
    }
  }
}
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (interrupted) {
      process.exit(130);
    }
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping VS Code and removing temporary folders\n`);
    void runCleanups().finally(() => process.exit(130));
  });
}

// Output piped into a reader that quits (`| head`) must not leave servers running.
process.stdout.on('error', () => {
  void runCleanups().finally(() => process.exit(1));
});

function makeTempDir(name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `deployment-records-${name}-`));
  if (process.env.DEPLOYMENT_RECORDS_KEEP_TEMP !== '1') {
    cleanups.add(() => fs.rmSync(dir, { recursive: true, force: true }));
  } else {
    process.stdout.write(`(keeping ${dir})\n`);
  }
  return dir;
}

function writeFileAtomically(file, contents) {
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, contents);
  fs.renameSync(partial, file);
}

/** Text of elements matching `selector` in every frame, webview iframes included. */
async function readFrames(page, selector) {
  const frames = [];
  for (const frame of page.frames()) {
    try {
      const texts = await frame.$$eval(selector, (elements) => elements.map((element) => element.textContent ?? ''));
      if (texts.length > 0) {
        frames.push({ url: frame.url(), texts });
      }
    } catch {
      // A frame that navigated or closed meanwhile has nothing to report.
    }
  }
  return frames;
}

/**
 * What a person would see of each element matching `selector`, per frame: its geometry,
 * colours, whether it has the focus or is open, and on how many lines its text is laid out.
 * Runs in the page, so it must stay self-contained.
 */
function describeElements(elements) {
  const lineCount = (element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const tops = new Set();
    for (const rect of range.getClientRects()) {
      if (rect.width > 0 && rect.height > 0) {
        tops.add(Math.round(rect.top));
      }
    }
    return tops.size;
  };
  const box = (rect) => ({ left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom, width: rect.width, height: rect.height });
  return {
    document: {
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      scrollX: window.scrollX,
      scrollY: window.scrollY,
      bodyClass: document.body.className,
      activeElementTag: document.activeElement ? document.activeElement.tagName.toLowerCase() : null
    },
    elements: elements.map((element) => {
      const style = getComputedStyle(element);
      return {
        text: element.textContent ?? '',
        rect: box(element.getBoundingClientRect()),
        scrollWidth: element.scrollWidth,
        clientWidth: element.clientWidth,
        scrollLeft: element.scrollLeft,
        lines: lineCount(element),
        focused: document.activeElement === element,
        tabIndex: element.tabIndex,
        open: element.open === true,
        attributes: Object.fromEntries([...element.attributes].map((attribute) => [attribute.name, attribute.value])),
        style: {
          color: style.color,
          backgroundColor: style.backgroundColor,
          borderLeftColor: style.borderLeftColor,
          borderLeftStyle: style.borderLeftStyle,
          borderLeftWidth: style.borderLeftWidth,
          opacity: style.opacity,
          overflowX: style.overflowX
        }
      };
    })
  };
}

/** The one frame with exactly one element matching `selector`, so an action cannot hit the wrong page. */
async function singleMatch(page, selector) {
  const matches = [];
  for (const frame of page.frames()) {
    const count = await frame.$$eval(selector, (elements) => elements.length).catch(() => 0);
    if (count > 0) {
      matches.push({ frame, count });
    }
  }
  const total = matches.reduce((sum, match) => sum + match.count, 0);
  if (total !== 1) {
    throw new Error(`"${selector}" matches ${total} elements; an action needs exactly one`);
  }
  return matches[0].frame;
}

/**
 * Answers the magic lines tests log through runnerBridge.ts:
 *   `@@dom <requestId> <css selector>`     → <bridge>/<requestId>.json  {frames:[{url, texts}]}
 *   `@@inspect <requestId> <css selector>` → <bridge>/<requestId>.json  {frames:[{url, document, elements}]}
 *   `@@act <requestId> <click|focus|scroll> <css selector>` → <bridge>/<requestId>.json  {done:true}
 *   `@@screenshot <name> [<requestId>]`    → <screenshot dir or bridge>/<name>.png (+ ack json)
 */
async function answerBridgeRequest(line, page, bridgeDir) {
  const inspect = /^@@inspect (\S+) (.+)$/.exec(line);
  if (inspect) {
    const [, requestId, selector] = inspect;
    let answer;
    try {
      const frames = [];
      for (const frame of page.frames()) {
        const found = await frame.$$eval(selector.trim(), describeElements).catch(() => undefined);
        if (found && found.elements.length > 0) {
          frames.push({ url: frame.url(), ...found });
        }
      }
      answer = { frames };
    } catch (error) {
      answer = { frames: [], error: error.message };
    }
    writeFileAtomically(path.join(bridgeDir, `${requestId}.json`), JSON.stringify(answer));
    return;
  }
  const act = /^@@act (\S+) (click|focus|scroll) (.+)$/.exec(line);
  if (act) {
    const [, requestId, action, rawSelector] = act;
    const selector = rawSelector.trim();
    let answer;
    try {
      const frame = await singleMatch(page, selector);
      if (action === 'click') {
        await frame.click(selector, { timeout: 10_000 });
      } else if (action === 'focus') {
        await frame.focus(selector, { timeout: 10_000 });
      } else {
        // Brings the element to the top of its page, as a reader scrolling down to it would.
        await frame.$eval(selector, (element) => element.scrollIntoView({ block: 'start' }));
      }
      answer = { done: true };
    } catch (error) {
      answer = { error: error.message };
    }
    writeFileAtomically(path.join(bridgeDir, `${requestId}.json`), JSON.stringify(answer));
    return;
  }
  const dom = /^@@dom (\S+) (.+)$/.exec(line);
  if (dom) {
    const [, requestId, selector] = dom;
    let answer;
    try {
      answer = { frames: await readFrames(page, selector.trim()) };
    } catch (error) {
      answer = { frames: [], error: error.message };
    }
    writeFileAtomically(path.join(bridgeDir, `${requestId}.json`), JSON.stringify(answer));
    return;
  }
  const shot = /^@@screenshot ([\w.-]+)(?: (\S+))?$/.exec(line);
  if (shot) {
    const [, name, requestId] = shot;
    let answer;
    try {
      const dir = SCREENSHOT_DIR || bridgeDir;
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${name}.png`);
      await page.screenshot({ path: file });
      answer = { path: file };
    } catch (error) {
      answer = { error: error.message };
    }
    if (requestId) {
      writeFileAtomically(path.join(bridgeDir, `${requestId}.json`), JSON.stringify(answer));
    }
  }
}

// Workbench chatter that every offline run produces and that says nothing about the tests
// (the smoke-test log mixes it with the extension host's console). Shown with
// DEPLOYMENT_RECORDS_VERBOSE=1.
const WORKBENCH_NOISE = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^\[reconnection-grace-time\]/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^\[AgentHost/,
  /^\[AccountPolicyGate\]/,
  /authentication provider '[^']+' to register/,
  /getaddrinfo ENOTFOUND/,
  /^\[lifecycle\] Long running operations during shutdown/,
  /^Creation of workbench contribution '[^']+' took/
];
const VERBOSE = process.env.DEPLOYMENT_RECORDS_VERBOSE === '1';

/**
 * codeAutomationLog receives console arguments (`['  %d passing (%s)', 1, '94ms']`);
 * format them the way the extension host's console would have.
 */
function formatConsoleMessage(message) {
  const args = Array.isArray(message) ? message : [message];
  return util.format(...args.map((arg) => (arg !== null && typeof arg === 'object' ? JSON.stringify(arg) : arg)));
}

/**
 * The temporary git workspace a configuration opens: one folder, or, for a configuration with
 * `folders`, a multi-root workspace file whose first folder (`workspace`) holds the bridge.
 */
function createWorkspaceFor(configuration, tempDir) {
  if (configuration.folders) {
    const { firstFolder, workspaceFile } = createMultiRootTestWorkspace(path.join(tempDir, 'workspace'), configuration.folders);
    return { workspace: firstFolder, workspaceFile };
  }
  const dir = path.join(tempDir, 'workspace');
  return { workspace: configuration.workspace === 'customFolder' ? createCustomFolderWorkspace(dir) : createTestWorkspace(dir), workspaceFile: undefined };
}

async function runServerConfiguration(install, browser, configuration) {
  const started = Date.now();
  const tempDir = makeTempDir(configuration.name);
  let extensionDevelopmentPath = REPO_ROOT;
  if (configuration.packaged) {
    try {
      const vsix = packageExtension({ repoRoot: REPO_ROOT, tempDir, write: (text) => process.stdout.write(text) });
      const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
      // Loading the installed folder as the extension under development makes the code under
      // test exactly what the .vsix holds; it is outside the server's own extensions folder,
      // so VS Code does not also load it as an installed extension.
      extensionDevelopmentPath = installWithServerCli({ install, vsix, tempDir, extensionId: `${manifest.publisher}.${manifest.name}` });
      process.stdout.write(`installed with the VS Code server's --install-extension into ${extensionDevelopmentPath}\n`);
    } catch (error) {
      process.stdout.write(`${error.message}\n`);
      return { name: configuration.name, code: 1, summary: undefined, seconds: (Date.now() - started) / 1000 };
    }
  }
  const { workspace, workspaceFile } = createWorkspaceFor(configuration, tempDir);
  const bridgeDir = path.join(workspace, BRIDGE_FOLDER);
  fs.mkdirSync(bridgeDir, { recursive: true });
  fs.writeFileSync(
    path.join(bridgeDir, 'runner.json'),
    JSON.stringify({
      runner: 'vscode-server',
      configuration: configuration.name,
      ...(configuration.packaged ? { installedExtension: extensionDevelopmentPath } : {})
    })
  );

  const server = await startServer({ install, dataDir: path.join(tempDir, 'data'), trust: configuration.trust });
  cleanups.add(server.stop);
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  cleanups.add(() => context.close());
  const page = await context.newPage();

  let summary;
  const pending = [];
  let resolveExit;
  const exited = new Promise((resolve) => (resolveExit = resolve));
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
  await page.exposeFunction('codeAutomationLog', (_level, message) => {
    const text = formatConsoleMessage(message);
    if (!VERBOSE && WORKBENCH_NOISE.some((pattern) => pattern.test(text))) {
      return;
    }
    const lines = text.split(/\r?\n/);
    for (const line of lines) {
      if (line.startsWith(SUMMARY_PREFIX)) {
        try {
          summary = JSON.parse(line.slice(SUMMARY_PREFIX.length));
        } catch {
          // A garbled summary leaves the counts unknown; the exit code still decides.
        }
      } else if (/^@@(dom|inspect|act|screenshot) /.test(line)) {
        pending.push(answerBridgeRequest(line.trim(), page, bridgeDir));
      } else {
        process.stdout.write(`${line}\n`);
      }
    }
  });

  const url = workbenchUrl({
    port: server.port,
    folder: workspace,
    workspaceFile,
    extensionDevelopmentPath,
    extensionTestsPath: configuration.testsPath
  });
  await page.goto(url);

  let timer;
  const deadline = new Promise((resolve) => {
    timer = setTimeout(() => resolve('deadline'), DEADLINE_MS);
  });
  const outcome = await Promise.race([exited, deadline]);
  clearTimeout(timer);
  await Promise.allSettled(pending);
  if (SCREENSHOT_DIR) {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `integration-${configuration.name}-final.png`) }).catch(() => undefined);
  }

  let code;
  if (outcome === 'deadline') {
    process.stdout.write(
      `\nThe ${configuration.name} tests did not finish within ${DEADLINE_MS / 1000} s ` +
        '(set DEPLOYMENT_RECORDS_TEST_DEADLINE to change it). The last server output:\n' +
        server.output().slice(-3000) + '\n'
    );
    code = 1;
  } else {
    code = outcome;
  }
  await context.close();
  cleanups.delete(server.stop);
  await server.stop();
  return { name: configuration.name, code, summary, seconds: (Date.now() - started) / 1000, timedOut: outcome === 'deadline' };
}

async function runElectronConfiguration(configuration) {
  const { runTests } = await import('@vscode/test-electron');
  const started = Date.now();
  const tempDir = makeTempDir(configuration.name);
  const { workspace, workspaceFile } = createWorkspaceFor(configuration, tempDir);
  const userDataDir = path.join(tempDir, 'user');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(QUIET_SETTINGS, null, 2));
  const summaryFile = path.join(tempDir, 'summary.json');
  const launchArgs = [workspaceFile ?? workspace, '--disable-extensions', '--user-data-dir', userDataDir];
  if (configuration.trust) {
    launchArgs.push('--disable-workspace-trust');
  }
  let code;
  try {
    code = await runTests({
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: configuration.testsPath,
      launchArgs,
      extensionTestsEnv: { DEPLOYMENT_RECORDS_SUMMARY_FILE: summaryFile }
    });
  } catch (error) {
    process.stdout.write(`${error && error.message ? error.message : error}\n`);
    if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|download/i.test(String(error && error.message))) {
      process.stdout.write('@vscode/test-electron could not download VS Code; without internet access, run the default host (DEPLOYMENT_RECORDS_TEST_HOST=server).\n');
    }
    code = typeof error === 'number' ? error : 1;
  }
  let summary;
  try {
    summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8'));
  } catch {
    summary = undefined;
  }
  return { name: configuration.name, code, summary, seconds: (Date.now() - started) / 1000 };
}

function describe(result) {
  const counts = result.summary
    ? `${result.summary.passes} passed, ${result.summary.failures} failed, ${result.summary.pending} pending`
    : 'no test counts reported';
  const verdict = result.code === 0 ? 'PASS' : result.timedOut ? 'TIMED OUT' : 'FAIL';
  return `${verdict}  ${result.name}: ${counts} (${result.seconds.toFixed(1)} s)`;
}

async function main() {
  const unknown = SELECTED.filter((name) => !ALL_CONFIGURATIONS.some((configuration) => configuration.name === name));
  if (unknown.length > 0) {
    throw new Error(`DEPLOYMENT_RECORDS_CONFIGURATIONS names no configuration "${unknown.join('", "')}"; the configurations are ${ALL_CONFIGURATIONS.map((c) => c.name).join(', ')}.`);
  }
  for (const configuration of CONFIGURATIONS) {
    if (!fs.existsSync(configuration.testsPath)) {
      throw new Error(`${path.relative(REPO_ROOT, configuration.testsPath)} is missing. Run "npm run compile-tests" first.`);
    }
  }
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing. Run "npm run build" first.');
  }
  const host = (process.env.DEPLOYMENT_RECORDS_TEST_HOST || 'server').toLowerCase();
  const results = [];
  if (host === 'electron') {
    for (const configuration of CONFIGURATIONS) {
      if (configuration.packaged) {
        process.stdout.write(`\n=== ${configuration.name}: skipped (needs the VS Code server's --install-extension; run with DEPLOYMENT_RECORDS_TEST_HOST=server) ===\n`);
        continue;
      }
      process.stdout.write(`\n=== ${configuration.name} (desktop VS Code via @vscode/test-electron) ===\n`);
      results.push(await runElectronConfiguration(configuration));
    }
  } else if (host === 'server') {
    const install = ensureVscodeServer();
    const browser = await launchBrowser(install);
    cleanups.add(() => browser.close());
    for (const configuration of CONFIGURATIONS) {
      process.stdout.write(`\n=== ${configuration.name} (VS Code server ${install.codeServerVersion} in headless Chromium) ===\n`);
      results.push(await runServerConfiguration(install, browser, configuration));
    }
  } else {
    throw new Error(`DEPLOYMENT_RECORDS_TEST_HOST must be "server" or "electron", not "${host}".`);
  }

  process.stdout.write('\nIntegration test summary\n');
  for (const result of results) {
    process.stdout.write(`${describe(result)}\n`);
  }
  const passed = results.reduce((sum, result) => sum + (result.summary?.passes ?? 0), 0);
  // A configuration that failed before mocha reported (VS Code or the extension did not
  // load) counts as one failure, so the last line never says "0 failed" for a failed run.
  const failed = results.reduce(
    (sum, result) => sum + (result.summary ? result.summary.failures : result.code === 0 ? 0 : 1),
    0
  );
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return results.every((result) => result.code === 0) ? 0 : 1;
}

main()
  .then(async (code) => {
    await runCleanups();
    process.exit(code);
  })
  .catch(async (error) => {
    process.stderr.write(`\nIntegration tests could not run: ${error.message}\n`);
    await runCleanups();
    process.exit(1);
  });
