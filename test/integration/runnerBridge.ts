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

/** What the runner reports of one rendered element (see describeElements in runIntegrationTests.js). */
export interface RenderedElement {
  text: string;
  rect: { left: number; right: number; top: number; bottom: number; width: number; height: number };
  scrollWidth: number;
  clientWidth: number;
  scrollLeft: number;
  /** On how many lines the element's text is laid out. */
  lines: number;
  /** Whether it is its document's active element. */
  focused: boolean;
  tabIndex: number;
  /** For `<details>`: whether it is open. */
  open: boolean;
  attributes: Record<string, string>;
  style: { color: string; backgroundColor: string; borderLeftColor: string; borderLeftStyle: string; borderLeftWidth: string; opacity: string; overflowX: string };
}

export interface InspectedFrame {
  url: string;
  document: { scrollWidth: number; clientWidth: number; scrollX: number; scrollY: number; bodyClass: string; activeElementTag: string | null };
  elements: RenderedElement[];
}

async function askRunner<T>(line: (requestId: string) => string, what: string): Promise<T | undefined> {
  const dir = bridgeFolder();
  if (!dir) {
    return undefined;
  }
  const requestId = `req-${process.pid}-${Date.now()}-${nextRequest++}`;
  const answer = path.join(dir, `${requestId}.json`);
  console.log(line(requestId));
  if (!(await waitForFile(answer))) {
    throw new Error(`The test runner did not answer ${what} within ${ANSWER_DEADLINE_MS / 1000} s.`);
  }
  const result = JSON.parse(fs.readFileSync(answer, 'utf8')) as T & { error?: string };
  fs.rmSync(answer, { force: true });
  if (result.error) {
    throw new Error(`The test runner could not answer ${what}: ${result.error}`);
  }
  return result;
}

/**
 * Geometry, colours, focus and open state of every element matching `selector`, per frame
 * that has one. `undefined` when no runner can answer.
 */
export async function inspectRendered(selector: string): Promise<InspectedFrame[] | undefined> {
  const result = await askRunner<{ frames: InspectedFrame[] }>((id) => `@@inspect ${id} ${selector}`, `the inspection of "${selector}"`);
  return result?.frames;
}

/**
 * Clicks, focuses or scrolls to the top the one element matching `selector` in the rendered
 * page, as a user would; fails when the selector matches none or several. `false` when no
 * runner can act.
 */
export async function actOnRendered(action: 'click' | 'focus' | 'scroll', selector: string): Promise<boolean> {
  const result = await askRunner<{ done: boolean }>((id) => `@@act ${id} ${action} ${selector}`, `"${action} ${selector}"`);
  return result?.done === true;
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
