import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AnalyticsPanelApi } from '../../src/host/analyticsPanel';
import { nextRender, panelApi, recordText } from './analyticsPanelDriver';
import { withPrompts, type Prompt } from './prompts';
import { checklistsFolder, workspaceRoot } from './testWorkspace';

/** What a failed export, a failed open and an unreadable folder tell the user: words, never a raw error. */

/** Runs `run` with the save dialog answered by `answer`, and returns the options it was opened with. */
async function withSaveDialog<T>(answer: vscode.Uri | undefined, run: () => Thenable<T>): Promise<{ result: T; dialogs: (vscode.SaveDialogOptions | undefined)[] }> {
  const window = vscode.window as unknown as Record<string, unknown>;
  const original = window.showSaveDialog;
  const dialogs: (vscode.SaveDialogOptions | undefined)[] = [];
  window.showSaveDialog = (options?: vscode.SaveDialogOptions) => {
    dialogs.push(options);
    return Promise.resolve(answer);
  };
  try {
    return { result: await run(), dialogs };
  } finally {
    window.showSaveDialog = original;
  }
}

function errorsShown(prompts: readonly Prompt[]): string[] {
  return prompts.filter((p) => p.kind === 'error').map((p) => p.message ?? '');
}

/** No Node error text (`ENOTDIR: not a directory, open '/…'`), no stack, no absolute path. */
function assertWorded(message: string, tmp: string): void {
  assert.doesNotMatch(message, /^E[A-Z]+:|\n\s+at |Error:/, `the message is a raw error: ${message}`);
  assert.ok(!message.includes(fs.realpathSync(workspaceRoot())), `the message names an absolute workspace path: ${message}`);
  assert.ok(tmp === '' || message.includes('not-a-folder'), `the message does not name the file in the way: ${message}`);
}

suite('Analytics panel failures', () => {
  let api: AnalyticsPanelApi;
  let tmp: string;
  const record = path.join(checklistsFolder(), '2025-11-01-08-00-deployment.md');

  suiteSetup(async () => {
    api = await panelApi();
    fs.mkdirSync(checklistsFolder(), { recursive: true });
    fs.writeFileSync(record, recordText('DEP-2025-11-01-08-00', '2025-11-01T08:00:00Z', '2025-11-01T08:03:00Z', 'ines', 'production', '✅ Succeeded'));
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deployment-records-export-failure-'));
    // A regular file where a folder should be: no export can be written under it, even by root.
    fs.writeFileSync(path.join(tmp, 'not-a-folder'), 'a file');
  });

  teardown(() => api.current?.dispose());

  suiteTeardown(async () => {
    fs.rmSync(record, { force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
    await vscode.workspace.getConfiguration('deploymentRecords').update('checklistsFolder', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('Export Metrics from the palette to a path it cannot write says which file and why, and resolves', async () => {
    const uri = vscode.Uri.file(path.join(tmp, 'not-a-folder', 'metrics.json'));
    const { result, prompts } = await withPrompts(() => undefined,
      () => vscode.commands.executeCommand('deploymentRecords.exportMetrics', { format: 'json', uri }));
    assert.strictEqual(result, undefined);
    const [message] = errorsShown(prompts);
    assert.ok(message, `no error message was shown; prompts: ${JSON.stringify(prompts)}`);
    assert.match(message, /could not export the metrics to .*not-a-folder[/\\]metrics\.json: .*not-a-folder is a file, not a folder/);
    assertWorded(message, tmp);
  });

  test('Export from the panel to a path it cannot write shows the error rather than failing silently', async () => {
    const opened = nextRender(api, (s) => s.state === 'dashboard');
    await vscode.commands.executeCommand('deploymentRecords.showAnalytics');
    await opened;
    const panel = api.current;
    assert.ok(panel);
    const uri = vscode.Uri.file(path.join(tmp, 'not-a-folder', 'metrics.csv'));
    // What the page's Export CSV button does, with the user choosing that path in the dialog.
    const { result } = await withSaveDialog(uri, () => withPrompts(() => undefined, () => panel.exportMetrics('csv')));
    assert.strictEqual(result.result, undefined);
    const [message] = errorsShown(result.prompts);
    assert.match(message ?? '', /could not export the metrics to .*metrics\.csv: .*not a folder/);
  });

  test('opening a record that was deleted after the panel drew says so instead of failing silently', async () => {
    const opened = nextRender(api, (s) => s.state === 'dashboard');
    await vscode.commands.executeCommand('deploymentRecords.showAnalytics');
    await opened;
    const panel = api.current;
    assert.ok(panel);
    const { result, prompts } = await withPrompts(() => undefined, () => panel.openRecord('2025-11-02-08-00-deployment.md'));
    assert.strictEqual(result, undefined);
    const [message] = errorsShown(prompts);
    assert.match(message ?? '', /could not open deployments[/\\]checklists[/\\]2025-11-02-08-00-deployment\.md: it no longer exists/);
    assertWorded(message ?? '', '');
  });

  test('an unreadable checklists folder is named, relative to the workspace, with the reason in words', async () => {
    const loop = path.join(workspaceRoot(), 'deployments', 'looped-records');
    fs.rmSync(loop, { force: true });
    // A link to itself: reading it fails with ELOOP, as root too.
    fs.symlinkSync(loop, loop);
    try {
      await vscode.workspace.getConfiguration('deploymentRecords').update('checklistsFolder', 'deployments/looped-records', vscode.ConfigurationTarget.Workspace);
      const failed = nextRender(api, (s) => s.state === 'error');
      await vscode.commands.executeCommand('deploymentRecords.showAnalytics');
      const summary = await failed;
      const posted = api.current?.lastPosted;
      assert.strictEqual(posted?.type, 'error');
      assert.match(posted.message, /could not read the checklists folder deployments\/looped-records: it is a loop of symbolic links \(ELOOP\)/);
      assertWorded(posted.message, '');
      assert.ok(summary.texts.some((t) => t.includes('loop of symbolic links')), `the page shows: ${summary.texts.join(' | ')}`);
    } finally {
      api.current?.dispose();
      await vscode.workspace.getConfiguration('deploymentRecords').update('checklistsFolder', undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(loop, { force: true });
    }
  });
});
