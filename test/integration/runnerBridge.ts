import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

/*
 * Lets a test see what VS Code rendered, which the extension host cannot: webviews live in
 * the browser. Under the VS Code server runner (test/host/runIntegrationTests.js), a test
 * logs a request line, the runner reads the page with playwright and writes the answer
 * into `<workspace>/.dr-test/`, and the test waits for that file. Under
 * @vscode/test-electron nobody answers, so these functions resolve to `undefined` and the
 * test should skip its DOM checks.
 */

/** Folder the runner answers into; git-excluded in the test workspace. */
const BRIDGE_FOLDER = '.dr-test';
/** Written by the runner before VS Code opens; its absence means no runner is listening. */
const RUNNER_MARKER = 'runner.json';
const ANSWER_DEADLINE_MS = 30_000;
const POLL_INTERVAL_MS = 100;

export interface RenderedFrame {
  url: string;
  texts: string[];
}

let nextRequest = 0;

function bridgeFolder(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    return undefined;
  }
  const dir = path.join(folder.uri.fsPath, BRIDGE_FOLDER);
  return fs.existsSync(path.join(dir, RUNNER_MARKER)) ? dir : undefined;
}

/** True when a runner that can read the rendered page is listening. */
export function canInspectRenderedPage(): boolean {
  return bridgeFolder() !== undefined;
}

async function waitForFile(file: string): Promise<boolean> {
  const deadline = Date.now() + ANSWER_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (fs.existsSync(file)) {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  return false;
}

/**
 * Text content of every element matching `selector`, in every frame of the workbench page
 * (webview iframes included), per frame. `undefined` when no runner can answer.
 */
export async function queryRenderedFrames(selector: string): Promise<RenderedFrame[] | undefined> {
  const dir = bridgeFolder();
  if (!dir) {
    return undefined;
  }
  const requestId = `dom-${process.pid}-${Date.now()}-${nextRequest++}`;
  const answer = path.join(dir, `${requestId}.json`);
  console.log(`@@dom ${requestId} ${selector}`);
  if (!(await waitForFile(answer))) {
    throw new Error(`The test runner did not answer the DOM query "${selector}" within ${ANSWER_DEADLINE_MS / 1000} s.`);
  }
  const result = JSON.parse(fs.readFileSync(answer, 'utf8')) as { frames: RenderedFrame[]; error?: string };
  fs.rmSync(answer, { force: true });
  if (result.error) {
    throw new Error(`The test runner could not query "${selector}": ${result.error}`);
  }
  return result.frames;
}

/**
 * Text content of every element matching `selector` across all frames, flattened.
 * `undefined` under a host that cannot read the page (skip the check then).
 */
export async function queryRenderedText(selector: string): Promise<string[] | undefined> {
  const frames = await queryRenderedFrames(selector);
  return frames?.flatMap((frame) => frame.texts);
}

/**
 * Saves a screenshot of the whole workbench as `<name>.png` (in
 * `DEPLOYMENT_RECORDS_SCREENSHOT_DIR` when the runner has it, else in the bridge folder)
 * and returns its path; `undefined` when no runner can take it.
 */
export async function takeScreenshot(name: string): Promise<string | undefined> {
  const dir = bridgeFolder();
  if (!dir) {
    return undefined;
  }
  if (!/^[\w.-]+$/.test(name)) {
    throw new Error(`Screenshot names are letters, digits, dots and dashes: "${name}"`);
  }
  const requestId = `shot-${process.pid}-${Date.now()}-${nextRequest++}`;
  const answer = path.join(dir, `${requestId}.json`);
  console.log(`@@screenshot ${name} ${requestId}`);
  if (!(await waitForFile(answer))) {
    throw new Error(`The test runner did not take screenshot "${name}" within ${ANSWER_DEADLINE_MS / 1000} s.`);
  }
  const result = JSON.parse(fs.readFileSync(answer, 'utf8')) as { path?: string; error?: string };
  fs.rmSync(answer, { force: true });
  if (!result.path) {
    throw new Error(`The test runner could not take screenshot "${name}": ${result.error ?? 'no path'}`);
  }
  return result.path;
}
