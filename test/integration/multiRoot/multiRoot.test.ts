import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { ANALYTICS_VIEW_TYPE, type AnalyticsPanel } from '../../../src/host/analyticsPanel';
import type { RecordLifecycleApi } from '../../../src/host/recordLifecycle';
import { nextRender, panelApi } from '../analyticsPanelDriver';
import { activatedExtension } from '../extensionUnderTest';
import { withPrompts, type Answer } from '../prompts';
import { readParsed, until } from '../testWorkspace';

/*
 * The runner's `multiroot` configuration opens two folders, `payments` and `search`, each its
 * own git repository with an empty `deployments/checklists/`.
 */

interface TreeNode { label: string; description?: string; icon?: string; contextValue?: string; uri?: string; children: TreeNode[] }

function folderNamed(name: string): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  assert.ok(folder, `the multi-root workspace has no folder ${name}`);
  return folder;
}

function checklists(name: string): string {
  return path.join(folderNamed(name).uri.fsPath, 'deployments', 'checklists');
}

/** Every record the Deployments view lists, under whichever folder and month. */
async function treeRecords(): Promise<TreeNode[]> {
  const top = await vscode.commands.executeCommand<TreeNode[]>('deploymentRecords._deploymentsTree');
  const records = (nodes: TreeNode[]): TreeNode[] => nodes.flatMap((node) => (node.uri !== undefined ? [node] : records(node.children)));
  return records(top);
}

/** The Deployments view's item for a record: what a right-click passes to the command, `{ uri }`. */
async function viewItem(uri: vscode.Uri): Promise<{ contextValue?: string; argument: { uri: vscode.Uri } }> {
  const node = (await treeRecords()).find((n) => n.uri === uri.toString());
  assert.ok(node?.uri, `the Deployments view does not list ${uri.fsPath}`);
  return { contextValue: node.contextValue, argument: { uri: vscode.Uri.parse(node.uri) } };
}

/** Starts a deployment in a folder the way a user does: with a file of that folder in the editor. */
async function startIn(name: string): Promise<vscode.Uri> {
  await vscode.window.showTextDocument(vscode.Uri.file(path.join(checklists(name), '.gitkeep')));
  const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('deploymentRecords.startDeployment', { environment: 'staging' });
  assert.ok(uri, `Start Deployment created no record in ${name}`);
  assert.strictEqual(vscode.workspace.getWorkspaceFolder(uri)?.name, name);
  return uri;
}

/**
 * The analytics panel opened on `search`, and the user back at an editor of `payments` in the
 * group beside it: what the panel does next must follow its own folder, not the editor's.
 */
async function panelOnSearchBesidePayments(): Promise<AnalyticsPanel> {
  const panels = await panelApi();
  await vscode.window.showTextDocument(vscode.Uri.file(path.join(checklists('search'), '.gitkeep')), { viewColumn: vscode.ViewColumn.One });
  const empty = nextRender(panels, (s) => s.state === 'empty');
  await vscode.commands.executeCommand('deploymentRecords.showAnalytics');
  await empty;
  const panel = panels.current;
  assert.strictEqual(panel?.workspaceFolder.name, 'search');
  await vscode.window.showTextDocument(vscode.Uri.file(path.join(checklists('payments'), '.gitkeep')), { viewColumn: vscode.ViewColumn.One });
  return panel;
}

/** Finish's prompts answered as a user choosing Failed and skipping the note. */
const failedWithoutNote: Answer = (prompt) => (prompt.kind === 'quickPick' ? 'Failed' : prompt.kind === 'inputBox' ? '' : undefined);

suite('Multi-root workspace: actions on a record act on that record', () => {
  let api: RecordLifecycleApi;

  async function reset(): Promise<void> {
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const name of ['payments', 'search']) {
      for (const file of fs.readdirSync(checklists(name)).filter((f) => f !== '.gitkeep')) {
        fs.rmSync(path.join(checklists(name), file), { force: true });
      }
    }
    await until('the Deployments view is empty', async () => (await treeRecords()).length === 0, { wakeOn: api.onDidChangeActive });
  }

  suiteSetup(async () => {
    api = (await activatedExtension()).exports as RecordLifecycleApi;
    await api.ready();
    assert.deepStrictEqual(vscode.workspace.workspaceFolders?.map((f) => f.name), ['payments', 'search']);
  });
  setup(() => reset());
  teardown(async () => (await panelApi()).current?.dispose());
  suiteTeardown(() => reset());

  test('Finish from the Deployments view finishes the record right-clicked, not the one in the editor', async () => {
    const payments = await startIn('payments');
    const search = await startIn('search');
    await vscode.window.showTextDocument(payments);
    const item = await viewItem(search);
    assert.strictEqual(item.contextValue, 'deploymentRecord.active', 'the view does not offer Finish on the search record');

    const { result, prompts } = await withPrompts(failedWithoutNote,
      () => vscode.commands.executeCommand('deploymentRecords.finishDeployment', item.argument));

    assert.strictEqual(result, 'failed');
    assert.strictEqual(readParsed(search).outcome, 'failed', 'the record right-clicked was not finished');
    assert.strictEqual(readParsed(payments).outcome, 'inProgress', 'the record in the editor was finished instead');
    // Both started this minute, so they may share an ID: the title names the folder.
    const pick = prompts.find((p) => p.kind === 'quickPick');
    assert.strictEqual(pick?.title, `Finish ${readParsed(search).id} (search)`);
  });

  test('the Deployments view groups records by workspace folder first, so two folders\' records of the same minute are told apart', async () => {
    const payments = await startIn('payments');
    const search = await startIn('search');
    const top = await until('the view lists both records', async () => {
      const nodes = await vscode.commands.executeCommand<TreeNode[]>('deploymentRecords._deploymentsTree');
      return (await treeRecords()).length === 2 ? nodes : undefined;
    }, { wakeOn: api.onDidChangeActive });
    assert.deepStrictEqual(top.map((n) => [n.label, n.icon, n.contextValue, n.description]), [
      ['payments', 'folder', 'deploymentFolder', '1'],
      ['search', 'folder', 'deploymentFolder', '1']
    ]);
    for (const [node, uri] of [[top[0], payments], [top[1], search]] as const) {
      assert.strictEqual(node.children.length, 1, `${node.label} has more than one month`);
      const [month] = node.children;
      assert.match(month.label, /^[A-Z][a-z]+ \d{4}$/);
      assert.deepStrictEqual(month.children.map((r) => r.uri), [uri.toString()], `${node.label} lists another folder's record`);
    }
  });

  test('the CodeLens marks the next phase of the record it sits on, whichever editor is active', async () => {
    const payments = await startIn('payments');
    const search = await startIn('search');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', search);
    const lens = lenses.find((l) => l.command?.command)?.command;
    assert.strictEqual(lens?.title, '$(debug-continue) Mark Planning Phase');
    await vscode.window.showTextDocument(payments);

    assert.strictEqual(await vscode.commands.executeCommand(lens.command, ...(lens.arguments ?? [])), 'marked');

    assert.ok(readParsed(search).phases.find((p) => p.name === 'Planning')?.start, 'the CodeLens did not mark its own record');
    assert.strictEqual(readParsed(payments).phases.find((p) => p.name === 'Planning')?.start, undefined, 'the record in the editor was marked instead');
  });

  test('Commit and Open from the Deployments view use the record right-clicked and its own repository', async () => {
    const payments = await startIn('payments');
    const search = await startIn('search');
    assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.finishDeployment', { uri: search, outcome: 'succeeded' }), 'success');
    await vscode.window.showTextDocument(payments);
    const item = await viewItem(search);

    assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.commitRecord', item.argument), 'committed');
    const log = (name: string) => execFileSync('git', ['log', '-1', '--format=%s'], { cwd: folderNamed(name).uri.fsPath, encoding: 'utf8' }).trim();
    assert.strictEqual(log('search'), `docs: deployment record ${readParsed(search).id} (succeeded)`);
    assert.strictEqual(log('payments'), 'Initial commit', 'the other folder\'s repository got a commit');

    await vscode.commands.executeCommand('deploymentRecords.openRecord', item.argument);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), search.toString());
  });

  test('Start Deployment in the analytics panel starts in the panel\'s folder, not in that of the editor beside it', async () => {
    const panel = await panelOnSearchBesidePayments();

    // What the empty state's Start Deployment button does; the environment skips the pick.
    const record = await panel.startDeployment({ environment: 'staging' });

    assert.ok(record, 'Start Deployment did not create a record');
    assert.strictEqual(vscode.workspace.getWorkspaceFolder(record)?.name, 'search', 'the record was started in the folder of the editor beside the panel');
    assert.deepStrictEqual(fs.readdirSync(checklists('payments')), ['.gitkeep']);
  });

  test('Start Deployment\'s folder option takes a workspace folder itself, and refuses a folder inside one', async () => {
    const search = folderNamed('search');
    const started = await vscode.commands.executeCommand<vscode.Uri | undefined>('deploymentRecords.startDeployment', { environment: 'staging', folder: search });
    assert.ok(started, 'a WorkspaceFolder as the folder option started nothing');
    assert.strictEqual(vscode.workspace.getWorkspaceFolder(started)?.name, 'search');

    const inside = path.join(search.uri.fsPath, 'deployments');
    const refused = await withPrompts(() => undefined,
      () => vscode.commands.executeCommand('deploymentRecords.startDeployment', { environment: 'staging', folder: inside, startAlongside: true }));
    assert.strictEqual(refused.result, undefined);
    assert.match(refused.prompts.find((p) => p.kind === 'error')?.message ?? '', /names no folder of this workspace/);
    assert.strictEqual(fs.readdirSync(checklists('search')).filter((name) => name.endsWith('.md')).length, 1, 'a record was started in the folder around the one named');
  });

  test('Export from the analytics panel opens the save dialog in the panel\'s folder, not in that of the active editor', async () => {
    const panel = await panelOnSearchBesidePayments();

    const window = vscode.window as unknown as Record<string, unknown>;
    const original = window.showSaveDialog;
    const dialogs: (vscode.SaveDialogOptions | undefined)[] = [];
    window.showSaveDialog = (options?: vscode.SaveDialogOptions) => {
      dialogs.push(options);
      return Promise.resolve(undefined); // The user cancels.
    };
    try {
      // What the page's Export JSON button does.
      assert.strictEqual(await panel.exportMetrics('json'), undefined);
    } finally {
      window.showSaveDialog = original;
    }
    assert.strictEqual(dialogs.length, 1, 'no save dialog was shown');
    assert.strictEqual(dialogs[0]?.defaultUri?.fsPath, path.join(folderNamed('search').uri.fsPath, 'deployment-metrics.json'));
  });

  test('after a window reload the analytics panel comes back on the folder it showed, if that folder is still open', async () => {
    const panels = await panelApi();
    // The editor is in payments; the page saved search.
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(checklists('payments'), '.gitkeep')), { viewColumn: vscode.ViewColumn.One });
    const bare = vscode.window.createWebviewPanel(ANALYTICS_VIEW_TYPE, 'Deployment Analytics', vscode.ViewColumn.Two, { enableScripts: true });
    const restored = nextRender(panels, (s) => s.state === 'empty');
    await panels.restore(bare, { filters: { environment: null, range: 'all' }, workspaceFolder: folderNamed('search').uri.toString() });
    await restored;
    assert.strictEqual(panels.current?.workspaceFolder.name, 'search', 'the restored panel took the active editor\'s folder');
    panels.current?.dispose();

    // A folder no longer in the workspace is not trusted: the panel takes the active editor's.
    const again = vscode.window.createWebviewPanel(ANALYTICS_VIEW_TYPE, 'Deployment Analytics', vscode.ViewColumn.Two, { enableScripts: true });
    const fallback = nextRender(panels, (s) => s.state === 'empty');
    await panels.restore(again, { filters: { environment: null, range: 'all' }, workspaceFolder: vscode.Uri.file(path.join(folderNamed('search').uri.fsPath, 'deployments')).toString() });
    await fallback;
    assert.strictEqual(panels.current?.workspaceFolder.name, 'payments');
  });
});
