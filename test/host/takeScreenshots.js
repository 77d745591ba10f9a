#!/usr/bin/env node
// `npm run screenshots`: opens a demo workspace in the real VS Code (the offline VS Code
// server in headless Chromium, with the built extension installed) and saves the README's
// screenshots to media/screenshots/<step>.png.
//
// The workspace is a throwaway copy, built as `npm start` builds its demo but in a temporary
// folder together with the VS Code data: the steps start a deployment, which must not land
// in the demo workspace (nor disturb a demo that is open meanwhile). The folder is removed
// afterwards, unless DEPLOYMENT_RECORDS_KEEP_TEMP=1.
//
// Each shot is a named step in STEPS below, driven like a user would: the command palette
// (F1 → command title → Enter), Quick Open, the keyboard. To add one, append a step:
//   { name: 'analytics-panel', run: async (ui) => {
//       await ui.runCommand('Deployment: Show Analytics');
//       await ui.waitForFrameText('h1', /Deployment analytics/);
//   } }
// Steps run in order in one window; a failing step is reported (with a debug screenshot)
// and the others still run.
//
// Usage: node test/host/takeScreenshots.js [step names...]   (default: every step)
// Environment: DEPLOYMENT_RECORDS_SCREENSHOT_DIR (output folder), DEPLOYMENT_RECORDS_SKIP_BUILD=1,
// DEPLOYMENT_RECORDS_KEEP_TEMP=1 (keep the temporary workspace and VS Code data),
// DEPLOYMENT_RECORDS_SCREENSHOT_THEME (a colour theme's name, to check the light and
// high-contrast themes: "Default Light Modern", "Default High Contrast", "Default High
// Contrast Light"; the README's shots use the default, "Default Dark Modern").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureVscodeServer } from './vscodeServerInstall.js';
import { launchBrowser, startServer, workbenchUrl } from './vscodeServer.js';
import { REPO_ROOT, buildExtension, createDemoWorkspace, demoWorkspaceDirectory, installBuiltExtension } from './demoWorkspace.js';

const OUTPUT_DIR = process.env.DEPLOYMENT_RECORDS_SCREENSHOT_DIR
  ? path.resolve(process.env.DEPLOYMENT_RECORDS_SCREENSHOT_DIR)
  : path.join(REPO_ROOT, 'media', 'screenshots');
const STEP_DEADLINE_MS = 30_000;
/** A record from the real-world fixtures, with metadata, a checklist and an issues log. */
const SAMPLE_RECORD = 'deployments/checklists/2025-09-05-18-46-deployment.md';
/** Centred by Go to Line, it puts the metrics and the first checklist sections in view. */
const SAMPLE_RECORD_FOCUS_LINE = 56;

/** The screenshots, in order. `run` leaves the window as it should be photographed. */
const STEPS = [
  {
    name: 'record',
    description: 'a real-world deployment record open in the editor',
    run: async (ui) => {
      await ui.openFile(SAMPLE_RECORD);
      await ui.goToLine(SAMPLE_RECORD_FOCUS_LINE);
    }
  },
  {
    name: 'status-bar-timer',
    description: 'a deployment just started: the new record and the phase timer in the status bar',
    run: async (ui) => {
      await ui.runCommand('Deployment: Start Deployment');
      // The demo has deployments left in progress, so Start first warns about the newest.
      await ui.pressDialogButton('Start Anyway');
      // The environment quick pick preselects the detected environment; accept it.
      await ui.acceptQuickPick('Start Deployment');
      // The demo has older unfinished records; wait for the one started today.
      const today = new Date();
      const pad = (n) => String(n).padStart(2, '0');
      const day = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
      await ui.waitForText('.statusbar', new RegExp(`DEP-${day}`));
      // The command opens the new record after the status bar shows it: until its tab is
      // active, a key meant for the palette could land in the record.
      await ui.waitForText('.tab.active', new RegExp(`${day}-\\d{2}-\\d{2}-deployment`));
      await ui.closeNotifications();
    }
  },
  {
    name: 'analytics-panel',
    description: 'the analytics panel over the demo records: KPI cards, charts and tables',
    run: async (ui) => {
      // The panel opens beside the editors; alone, it has the window's width for the shot.
      await ui.runCommand('View: Close All Editors');
      await ui.runCommand('Deployment: Show Analytics');
      await ui.waitForFrameText('.kpi-label', /Total deployments/);
    }
  }
];

/** What a step can do with the workbench page. */
function workbenchDriver(page) {
  const quickInput = page.locator('.quick-input-widget');
  /**
   * Opens the palette, Quick Open or Go to Line with `key` and waits until its input has the
   * focus: typing any earlier would land in the editor.
   */
  const openQuickInput = async (key) => {
    await quickInput.waitFor({ state: 'hidden', timeout: STEP_DEADLINE_MS }).catch(() => undefined);
    await page.keyboard.press(key);
    await page.waitForFunction(() => document.activeElement?.closest('.quick-input-widget') != null, undefined, {
      timeout: STEP_DEADLINE_MS
    });
  };
  const ui = {
    page,
    /** Runs a command by its palette title (`Category: Title`), like a user would. */
    async runCommand(title) {
      await openQuickInput('F1');
      await page.keyboard.type(title);
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: title })
        .first()
        .waitFor({ state: 'visible', timeout: STEP_DEADLINE_MS });
      await page.keyboard.press('Enter');
      // The palette must be gone before the next key, or that key lands in the editor.
      await quickInput.waitFor({ state: 'hidden', timeout: STEP_DEADLINE_MS });
    },
    /** Accepts the focused item of the quick pick or input box that is open now. */
    /**
     * Accepts the first item of the quick pick titled `title`. Waiting for the title, not just
     * any quick input, keeps the closing command palette from being taken for the pick.
     */
    async acceptQuickPick(title) {
      await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: STEP_DEADLINE_MS });
      // Enter does nothing until the list has focused its first row, a moment after it shows.
      const focused = page.locator('.quick-input-list .monaco-list-row.focused').first();
      await focused.waitFor({ state: 'visible', timeout: STEP_DEADLINE_MS });
      await page.keyboard.press('Enter');
      await quickInput.waitFor({ state: 'hidden', timeout: STEP_DEADLINE_MS });
    },
    /** Opens a workspace file through Quick Open and waits for its editor tab. */
    async openFile(relativePath) {
      await openQuickInput('Control+P');
      await page.keyboard.type(relativePath);
      const name = path.basename(relativePath);
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: name })
        .first()
        .waitFor({ state: 'visible', timeout: STEP_DEADLINE_MS });
      await page.keyboard.press('Enter');
      await page.locator('.tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: STEP_DEADLINE_MS });
      // Coloured tokens mean the markdown grammar has loaded; a shot before that is grey.
      await page.locator('.editor-instance .view-lines span[class*="mtk"]:not(.mtk1)').first().waitFor({ state: 'visible', timeout: STEP_DEADLINE_MS });
    },
    /** Moves the cursor to `line` of the active editor, which scrolls it to the middle. */
    async goToLine(line) {
      await openQuickInput('Control+G');
      await page.keyboard.type(String(line));
      await page.keyboard.press('Enter');
      await quickInput.waitFor({ state: 'hidden', timeout: STEP_DEADLINE_MS });
      await page.locator('.editor-instance .line-numbers.active-line-number', { hasText: String(line) }).first().waitFor({ state: 'visible', timeout: STEP_DEADLINE_MS });
    },
    /** Waits until an element matching `selector` in the workbench shows `pattern`. */
    async waitForText(selector, pattern) {
      await page.locator(selector).filter({ hasText: pattern }).first().waitFor({ state: 'visible', timeout: STEP_DEADLINE_MS });
    },
    /** Waits until an element matching `selector` inside any frame (webviews) shows `pattern`. */
    async waitForFrameText(selector, pattern) {
      const deadline = Date.now() + STEP_DEADLINE_MS;
      while (Date.now() < deadline) {
        for (const frame of page.frames()) {
          const texts = await frame.$$eval(selector, (elements) => elements.map((e) => e.textContent ?? '')).catch(() => []);
          if (texts.some((text) => pattern.test(text))) {
            return;
          }
        }
        await page.waitForTimeout(200);
      }
      throw new Error(`no frame showed ${pattern} in "${selector}" within ${STEP_DEADLINE_MS / 1000} s`);
    },
    /** Presses the button labelled `label` of the modal dialog that is open now, or about to open. */
    async pressDialogButton(label) {
      const button = page.locator('.monaco-dialog-box .dialog-buttons a.monaco-button', { hasText: label });
      await button.waitFor({ state: 'visible', timeout: STEP_DEADLINE_MS });
      await button.click();
      await page.locator('.monaco-dialog-box').waitFor({ state: 'detached', timeout: STEP_DEADLINE_MS });
    },
    /** Clears notification toasts so they do not cover the shot. */
    async closeNotifications() {
      await ui.runCommand('Notifications: Clear All Notifications');
    }
  };
  return ui;
}

/**
 * Gives passing status-bar progress ("Saving 'settings.json'") a moment to clear so it is not
 * in the shot; a bounded wait, after which the shot is taken anyway.
 */
async function settle(page) {
  await page
    .locator('.statusbar', { hasText: /Saving '|Activating Extensions/ })
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
}

async function waitForWorkbench(page) {
  // The explorer listing the workspace means the folder is open and the window restored.
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'deployments' }).first().waitFor({ state: 'visible', timeout: 90_000 });
  // Keyboard shortcuts go to the focused element; focus the workbench, not the URL bar.
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
}

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !STEPS.some((step) => step.name === name));
  if (unknown.length > 0) {
    throw new Error(`Unknown step(s): ${unknown.join(', ')}. Steps: ${STEPS.map((step) => step.name).join(', ')}.`);
  }
  const steps = wanted.length > 0 ? STEPS.filter((step) => wanted.includes(step.name)) : STEPS;

  buildExtension();
  // The records use emoji markers; without a colour emoji font they render as boxes.
  const install = ensureVscodeServer({ extraPackages: ['fonts-noto-color-emoji'] });
  // A fresh copy of the demo, in a folder named as the demo's (the Explorer shows the name),
  // with its own VS Code data: nothing here writes to the demo under ~/.cache.
  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'deployment-records-screenshots-'));
  const cleanups = [];
  if (process.env.DEPLOYMENT_RECORDS_KEEP_TEMP === '1') {
    process.stdout.write(`(keeping ${tempRoot})\n`);
  } else {
    cleanups.push(() => fs.rmSync(tempRoot, { recursive: true, force: true }));
  }
  const dataDir = path.join(tempRoot, 'vscode-data');
  const cleanup = async () => {
    for (const step of cleanups.reverse()) {
      await Promise.resolve(step()).catch(() => undefined);
    }
  };
  process.on('SIGINT', () => void cleanup().finally(() => process.exit(130)));

  const failures = [];
  try {
    const workspace = await createDemoWorkspace(path.join(tempRoot, path.basename(demoWorkspaceDirectory())), 'Screenshot workspace (a temporary copy of the demo)');
    const extensionsDir = path.join(dataDir, 'extensions');
    installBuiltExtension(extensionsDir);
    const server = await startServer({
      install,
      dataDir,
      extensionsDir,
      settings: { 'workbench.colorTheme': process.env.DEPLOYMENT_RECORDS_SCREENSHOT_THEME || 'Default Dark Modern', 'editor.minimap.enabled': false }
    });
    cleanups.push(server.stop);
    const browser = await launchBrowser(install);
    cleanups.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(workbenchUrl({ port: server.port, folder: workspace }));
    await waitForWorkbench(page);

    const ui = workbenchDriver(page);
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    for (const step of steps) {
      const started = Date.now();
      try {
        await step.run(ui);
        await settle(page);
        const file = path.join(OUTPUT_DIR, `${step.name}.png`);
        await page.screenshot({ path: file });
        process.stdout.write(`saved ${path.relative(REPO_ROOT, file)}: ${step.description} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
      } catch (error) {
        const debugShot = path.join(os.tmpdir(), `deployment-records-${step.name}-failed.png`);
        await page.screenshot({ path: debugShot }).catch(() => undefined);
        failures.push(step.name);
        process.stdout.write(`FAILED ${step.name}: ${error.message.split('\n')[0]} (the window then: ${debugShot})\n`);
        // Leave no quick pick open for the next step.
        await page.keyboard.press('Escape').catch(() => undefined);
      }
    }
  } finally {
    await cleanup();
  }
  if (failures.length > 0) {
    throw new Error(`${failures.length} screenshot step(s) failed: ${failures.join(', ')}`);
  }
}

main().catch((error) => {
  process.stderr.write(`\nScreenshots failed: ${error.message}\n`);
  process.exit(1);
});
