import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import MarkdownIt from 'markdown-it';
import type { AnalyticsPanelApi } from '../../../src/host/analyticsPanel';
import type { RecordLifecycleApi } from '../../../src/host/recordLifecycle';
import type { RenderSummary } from '../../../src/protocol';
import { activatedExtension, contributedCommands, unregisteredCommands } from '../extensionUnderTest';
import { canInspectRenderedPage, queryRenderedText } from '../runnerBridge';

// Only type imports from src/: the code under test here is what the .vsix contains, loaded
// by VS Code from the folder the server's CLI installed it into.

const DEADLINE_MS = 30_000;

interface PackagedExports extends RecordLifecycleApi {
  extendMarkdownIt?: (md: MarkdownIt) => MarkdownIt;
  analyticsPanel?: AnalyticsPanelApi;
}

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the packaged tests need a workspace folder');
  return folder.uri.fsPath;
}

/** The folder the runner installed the .vsix into, from the runner's marker file. */
function installedFolder(): string {
  const marker = path.join(workspaceRoot(), '.dr-test', 'runner.json');
  const runner = JSON.parse(fs.readFileSync(marker, 'utf8')) as { installedExtension?: string };
  assert.ok(runner.installedExtension, 'the runner did not say where it installed the .vsix');
  return runner.installedExtension;
}

async function packagedExports(): Promise<PackagedExports> {
  const exports = (await activatedExtension()).exports as PackagedExports;
  await exports.ready();
  return exports;
}

/** Polls `probe` until it returns a value, up to a deadline. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting until ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function nextRender(api: AnalyticsPanelApi): Promise<RenderSummary> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`the analytics page reported no render within ${DEADLINE_MS / 1000} s`));
    }, DEADLINE_MS);
    const listener = api.onDidRender((summary) => {
      clearTimeout(timer);
      listener.dispose();
      resolve(summary);
    });
  });
}

suite('The extension installed from the packaged .vsix', () => {
  let record: vscode.Uri | undefined;

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (record) {
      fs.rmSync(record.fsPath, { force: true });
    }
  });

  test('is the installed copy, which holds no sources and no node_modules', async () => {
    const extension = await activatedExtension();
    const installed = installedFolder();
    assert.strictEqual(fs.realpathSync(extension.extensionPath), fs.realpathSync(installed));
    for (const absent of ['src', 'node_modules', 'test', 'tsconfig.json']) {
      assert.ok(!fs.existsSync(path.join(installed, absent)), `the installed extension contains ${absent}`);
    }
    assert.ok(fs.existsSync(path.join(installed, 'dist', 'extension.js')), 'the installed extension has no dist/extension.js');
  });

  test('registers every command its package.json contributes', async () => {
    const extension = await activatedExtension();
    assert.ok(contributedCommands(extension).length > 0, 'the installed package.json contributes no commands');
    assert.deepStrictEqual(await unregisteredCommands(extension), []);
  });

  test('Start Deployment creates a record with metadata from the bundled template', async () => {
    const exports = await packagedExports();
    assert.ok(
      !fs.existsSync(path.join(workspaceRoot(), 'deployments', 'deployment-checklist.md')),
      'the workspace has its own template, so the bundled one would not be used'
    );
    record = await vscode.commands.executeCommand<vscode.Uri | undefined>('deploymentRecords.startDeployment', { environment: 'staging' });
    assert.ok(record, 'Start Deployment did not create a record');
    const text = fs.readFileSync(record.fsPath, 'utf8');
    assert.match(text, /^## Deployment Metadata$/m);
    assert.match(text, /^- \*\*Deployment ID\*\*: DEP-\d{4}-\d\d-\d\d-\d\d-\d\d(-\d+)?$/m);
    assert.match(text, /^- \*\*Start Time\*\*: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d.*([+-]\d\d:\d\d|Z)$/m);
    assert.match(text, /^- \*\*Environment\*\*: staging$/m);
    const bundled = fs.readFileSync(path.join(installedFolder(), 'templates', 'deployment-checklist.md'), 'utf8');
    for (const heading of bundled.split(/\r?\n/).filter((line) => line.startsWith('## '))) {
      assert.ok(text.includes(heading), `the record lacks the bundled template's heading "${heading}"`);
    }
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), record.toString(), 'the new record was not opened');
    await eventually('the record is the active deployment', async () => (exports.activeRecordUri() === record?.toString() ? true : undefined));
  });

  test('the markdown preview shows checklist progress', async () => {
    const exports = await packagedExports();
    const extendMarkdownIt = exports.extendMarkdownIt;
    assert.ok(typeof extendMarkdownIt === 'function', 'activate() does not return extendMarkdownIt');
    assert.ok(record, 'needs the record the previous test started');
    const html = extendMarkdownIt(new MarkdownIt()).render(fs.readFileSync(record.fsPath, 'utf8'), { currentDocument: record });
    assert.match(html, /class="dr-progress"/);
    assert.match(html, /dr-status-pending/);

    if (canInspectRenderedPage()) {
      await vscode.window.showTextDocument(record);
      await vscode.commands.executeCommand('markdown.showPreviewToSide', record);
      const progress = await eventually('the preview shows the progress summary', async () => {
        const texts = await queryRenderedText('.dr-progress-text');
        return texts && texts.length > 0 ? texts : undefined;
      });
      assert.match(progress[0], /\d+\/\d+ done/);
    }
  });

  test('Show Analytics opens a page that renders', async () => {
    const api = (await packagedExports()).analyticsPanel;
    assert.ok(api, 'activate() does not export the analytics panel');
    const rendered = nextRender(api);
    await vscode.commands.executeCommand('deploymentRecords.showAnalytics');
    const summary = await rendered;
    assert.notStrictEqual(summary.state, 'error', `the page shows an error: ${summary.texts.join(' | ')}`);
    assert.ok(summary.texts.length > 0, 'the page rendered no text');
    api.current?.dispose();
  });
});
