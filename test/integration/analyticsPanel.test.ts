import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { ANALYTICS_VIEW_TYPE, type AnalyticsPanelApi } from '../../src/host/analyticsPanel';
import { nextRender, panelApi, recordText } from './analyticsPanelDriver';
import { checklistsFolder, until, workspaceRoot } from './testWorkspace';
import { canInspectRenderedPage, queryRenderedText, takeScreenshot } from './runnerBridge';

const HOSTILE = '<img src=x onerror=alert(1)>';

function analyticsTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('deploymentRecords.analytics'));
}

/** Closes every editor, discarding changes: a save prompt would block the suites that follow. */
async function closeAllWithoutSaving(): Promise<void> {
  for (let i = 0; i < 100 && vscode.window.visibleTextEditors.length > 0; i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The editor showing `file`, once one does. */
function shownEditor(file: string): Promise<vscode.TextEditor> {
  return until(`${path.basename(file)} is shown in an editor`, () => vscode.window.visibleTextEditors.find((editor) => editor.document.uri.fsPath === file));
}

function postedRecords(api: AnalyticsPanelApi): number | undefined {
  const posted = api.current?.lastPosted;
  return posted?.type === 'dashboard' ? posted.model.records : undefined;
}

suite('Analytics panel', () => {
  const written: string[] = [];
  let api: AnalyticsPanelApi;

  suiteSetup(async () => {
    api = await panelApi();
    fs.mkdirSync(checklistsFolder(), { recursive: true });
  });

  teardown(() => {
    api.current?.dispose();
  });

  suiteTeardown(async () => {
    for (const file of written) {
      fs.rmSync(file, { force: true });
    }
    await vscode.workspace.getConfiguration('deploymentRecords').update('checklistsFolder', undefined, vscode.ConfigurationTarget.Workspace);
  });

  function writeRecord(name: string, text: string): string {
    const file = path.join(checklistsFolder(), name);
    fs.writeFileSync(file, text);
    written.push(file);
    return file;
  }

  test('offers Start Deployment when the checklists folder has no records', async () => {
    const empty = path.join(workspaceRoot(), 'deployments', 'no-records-yet');
    fs.mkdirSync(empty, { recursive: true });
    await vscode.workspace.getConfiguration('deploymentRecords').update('checklistsFolder', 'deployments/no-records-yet', vscode.ConfigurationTarget.Workspace);
    try {
      const rendered = nextRender(api);
      await vscode.commands.executeCommand('deploymentRecords.showAnalytics');
      const summary = await rendered;
      assert.strictEqual(summary.state, 'empty');
      assert.ok(summary.texts.includes('Start Deployment'), `the page shows: ${summary.texts.join(' | ')}`);
      assert.strictEqual(api.current?.lastPosted?.type, 'empty');
    } finally {
      api.current?.dispose();
      await vscode.workspace.getConfiguration('deploymentRecords').update('checklistsFolder', undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  test('shows the records\' figures, and a hostile operator name as the characters it is', async () => {
    writeRecord('2025-09-01-10-00-deployment.md', recordText('DEP-2025-09-01-10-00', '2025-09-01T10:00:00Z', '2025-09-01T10:04:00Z', 'alice', 'production', '✅ Succeeded'));
    writeRecord('2025-09-02-11-00-deployment.md', recordText('DEP-2025-09-02-11-00', '2025-09-02T11:00:00Z', '2025-09-02T11:12:00Z', HOSTILE, 'staging', '❌ Failed'));
    const rendered = nextRender(api, (s) => s.state === 'dashboard');
    await vscode.commands.executeCommand('deploymentRecords.showAnalytics');
    const summary = await rendered;

    const posted = api.current?.lastPosted;
    assert.strictEqual(posted?.type, 'dashboard');
    assert.ok((postedRecords(api) ?? 0) >= 2, `the host posted ${postedRecords(api)} records`);
    const contributors = posted.type === 'dashboard' ? posted.model.tables.find((t) => t.id === 'contributors') : undefined;
    assert.ok(contributors?.rows.some((row) => row.cells[0] === HOSTILE), 'the host did not post the operator name unchanged');

    assert.ok(summary.texts.includes(HOSTILE), 'the page does not show the operator name as text');
    assert.strictEqual(summary.images, 0, 'record text created an <img> element');
    assert.ok(summary.charts > 0 && summary.kpis > 0, `the page drew ${summary.kpis} cards and ${summary.charts} charts`);

    if (canInspectRenderedPage()) {
      const cells = await queryRenderedText('.table-section td');
      assert.ok(cells?.includes(HOSTILE), 'the rendered DOM does not show the operator name as text');
      assert.deepStrictEqual(await queryRenderedText('#content img'), [], 'the rendered DOM has an <img> element');
      const weekdays = await queryRenderedText('table.heat tbody td:first-child');
      assert.deepStrictEqual(weekdays, ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], 'the weekday × hour grid is not drawn');
      assert.ok(((await queryRenderedText('table.heat td.heat-4')) ?? []).length > 0, 'the busiest hour of the grid is not shaded');
      await takeScreenshot('analytics-panel');
    }
  });

  test('lists the files it did not read as records, counted in words', async () => {
    writeRecord('2025-09-01-10-00-deployment.md', recordText('DEP-2025-09-01-10-00', '2025-09-01T10:00:00Z', '2025-09-01T10:04:00Z', 'alice', 'production', '✅ Succeeded'));
    writeRecord('2025-09-03-09-00-deployment.md', '');
    const rendered = nextRender(api, (s) => s.state === 'dashboard');
    await vscode.commands.executeCommand('deploymentRecords.showAnalytics');
    const summary = await rendered;
    const posted = api.current?.lastPosted;
    const skipped = posted?.type === 'dashboard' ? posted.model.skipped.length : 0;
    assert.ok(skipped >= 1, 'the empty record was not listed as skipped');
    const expected = skipped === 1 ? '1 file not read as a record' : `${skipped} files not read as records`;
    assert.ok(summary.texts.includes(expected), `the page shows: ${summary.texts.filter((t) => /not read/.test(t)).join(' | ')}`);
    assert.ok(summary.texts.some((t) => t.startsWith('2025-09-03-09-00-deployment.md: ')), 'the empty file is not named with its reason');
  });

  test('reads lead time for changes from the workspace\'s git history and shows it once git answers', async () => {
    const git = (args: string[]) => execFileSync('git', args, { cwd: workspaceRoot(), encoding: 'utf8' }).trim();
    const commit = git(['rev-parse', 'HEAD']);
    const authoredMs = Number(git(['log', '-1', '--format=%at', commit])) * 1000;
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const start = authoredMs + 2 * 3_600_000;
    const text = recordText('DEP-LEAD-TIME', iso(start), iso(start + 5 * 60_000), 'dana', 'lead-time-check', '✅ Succeeded')
      .replace('- **Operator**', `- **Git Commit**: ${commit}\n- **Operator**`);
    writeRecord(`${iso(start).slice(0, 16).replace(/[T:]/g, '-')}-deployment.md`, text);

    // From the commit's author time to End Time: 2 h 5 min, an elite lead time.
    const measured = nextRender(api, (s) => s.texts.includes('2h 05m 00s (elite)'));
    await vscode.commands.executeCommand('deploymentRecords.showAnalytics');
    await measured;
    const posted = api.current?.lastPosted;
    const row = posted?.type === 'dashboard' ? posted.model.tables.find((t) => t.id === 'dora')?.rows.find((r) => r.cells[0] === 'lead-time-check') : undefined;
    assert.strictEqual(row?.cells[2], '2h 05m 00s (elite)');
  });

  test('refreshes by itself when a record is saved', async () => {
    writeRecord('2025-09-03-09-00-deployment.md', recordText('DEP-2025-09-03-09-00', '2025-09-03T09:00:00Z', '2025-09-03T09:06:00Z', 'bob', 'production', '✅ Succeeded'));
    const first = nextRender(api, (s) => s.state === 'dashboard');
    await vscode.commands.executeCommand('deploymentRecords.showAnalytics');
    await first;
    const before = postedRecords(api) ?? 0;

    // Wait for the render of the new record itself, not for any render after the host posted it.
    const refreshed = nextRender(api, (s) => s.texts.includes('carol'));
    const saved = vscode.Uri.file(path.join(checklistsFolder(), '2025-09-04-09-00-deployment.md'));
    written.push(saved.fsPath);
    await vscode.workspace.fs.writeFile(saved, Buffer.from(recordText('DEP-2025-09-04-09-00', '2025-09-04T09:00:00Z', '2025-09-04T09:05:00Z', 'carol', 'production', '✅ Succeeded')));
    const summary = await refreshed;

    assert.strictEqual(postedRecords(api), before + 1);
    assert.ok(summary.texts.includes('carol'), 'the new record\'s operator is not shown');
  });

  test('follows the alert threshold settings: a longer allowed duration drops the alerts under it', async () => {
    writeRecord('2025-09-05-09-00-deployment.md', recordText('DEP-2025-09-05-09-00', '2025-09-05T09:00:00Z', '2025-09-05T09:07:00Z', 'dana', 'production', '✅ Succeeded'));
    writeRecord('2025-09-06-09-00-deployment.md', recordText('DEP-2025-09-06-09-00', '2025-09-06T09:00:00Z', '2025-09-06T09:20:00Z', 'dana', 'production', '✅ Succeeded'));
    const alertIds = (): string[] | undefined => {
      const posted = api.current?.lastPosted;
      const table = posted?.type === 'dashboard' ? posted.model.tables.find((t) => t.id === 'alerts') : undefined;
      return table?.rows.map((row) => String(row.cells[0]));
    };
    const first = nextRender(api, (s) => s.state === 'dashboard');
    await vscode.commands.executeCommand('deploymentRecords.showAnalytics');
    await first;
    assert.ok(alertIds()?.includes('DEP-2025-09-05-09-00'), `a 7-minute deployment is above the default 5 minutes: ${alertIds()}`);

    const config = vscode.workspace.getConfiguration('deploymentRecords');
    const relaxed = nextRender(api, () => !(alertIds() ?? []).includes('DEP-2025-09-05-09-00'));
    await config.update('alerts.maxDurationSeconds', 600, vscode.ConfigurationTarget.Workspace);
    try {
      await relaxed;
      assert.ok(alertIds()?.includes('DEP-2025-09-06-09-00'), `a 20-minute deployment is still above 10 minutes: ${alertIds()}`);
    } finally {
      await config.update('alerts.maxDurationSeconds', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('reopening shows the one panel again instead of a second one', async () => {
    const rendered = nextRender(api);
    await vscode.commands.executeCommand('deploymentRecords.showAnalytics');
    await rendered;
    const panel = api.current;
    await vscode.commands.executeCommand('deploymentRecords.showAnalytics');
    assert.strictEqual(api.current, panel);
    assert.strictEqual(analyticsTabs().length, 1);
  });

  test('remembers the environment filter after the panel is closed and reopened', async () => {
    writeRecord('2025-09-05-08-00-deployment.md', recordText('DEP-2025-09-05-08-00', '2025-09-05T08:00:00Z', '2025-09-05T08:03:00Z', 'dave', 'staging', '✅ Succeeded'));
    const opened = nextRender(api, (s) => s.state === 'dashboard');
    await vscode.commands.executeCommand('deploymentRecords.showAnalytics');
    await opened;
    const filtered = nextRender(api, (s) => s.state === 'dashboard' && s.filters?.environment === 'staging');
    await api.current?.setFilters({ environment: 'staging', range: 'all' });
    const summary = await filtered;
    assert.ok(!summary.texts.includes('alice'), 'a production operator is shown under the staging filter');

    api.current?.dispose();
    const reopened = nextRender(api);
    await vscode.commands.executeCommand('deploymentRecords.showAnalytics');
    await reopened;
    assert.deepStrictEqual(api.current?.currentFilters, { environment: 'staging', range: 'all' });
    await api.current?.setFilters({ environment: null, range: 'all' });
  });

  test('comes back after a window reload with the filters the page saved, and never as a second panel', async () => {
    writeRecord('2025-09-07-08-00-deployment.md', recordText('DEP-2025-09-07-08-00', '2025-09-07T08:00:00Z', '2025-09-07T08:04:00Z', 'erin', 'staging', '✅ Succeeded'));
    api.current?.dispose();
    // What VS Code does on reload: a bare panel of our view type, handed to the serializer with the saved state.
    const bare = vscode.window.createWebviewPanel(ANALYTICS_VIEW_TYPE, 'Deployment Analytics', vscode.ViewColumn.One, { enableScripts: true });
    const restored = nextRender(api, (s) => s.state === 'dashboard' && s.filters?.environment === 'staging');
    await api.restore(bare, { filters: { environment: 'staging', range: 'all' } });
    const summary = await restored;
    assert.deepStrictEqual(api.current?.currentFilters, { environment: 'staging', range: 'all' });
    assert.ok(summary.texts.includes('erin'), 'the restored panel does not show the staging records');

    const extra = vscode.window.createWebviewPanel(ANALYTICS_VIEW_TYPE, 'Deployment Analytics', vscode.ViewColumn.One, { enableScripts: true });
    let extraDisposed = false;
    extra.onDidDispose(() => (extraDisposed = true));
    await api.restore(extra, { filters: { environment: null, range: 'all' } });
    assert.ok(extraDisposed, 'a second restored panel was kept');
    assert.strictEqual(analyticsTabs().length, 1, 'there is more than one analytics panel');
    await api.current?.setFilters({ environment: null, range: 'all' });
  });

  test('exports the figures as JSON and as CSV', async () => {
    writeRecord('2025-09-06-08-00-deployment.md', recordText('DEP-2025-09-06-08-00', '2025-09-06T08:00:00Z', '2025-09-06T08:03:00Z', HOSTILE, 'production', '✅ Succeeded'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployment-records-export-'));
    try {
      const jsonUri = vscode.Uri.file(path.join(dir, 'metrics.json'));
      await vscode.commands.executeCommand('deploymentRecords.exportMetrics', { format: 'json', uri: jsonUri });
      const json = JSON.parse(fs.readFileSync(jsonUri.fsPath, 'utf8'));
      assert.strictEqual(json.schemaVersion, 1);
      assert.ok(json.deployments.length >= 1);
      assert.ok(json.deployments.some((d: { operator?: string }) => d.operator === HOSTILE));

      const csvUri = vscode.Uri.file(path.join(dir, 'metrics.csv'));
      await vscode.commands.executeCommand('deploymentRecords.exportMetrics', { format: 'csv', uri: csvUri });
      const lines = fs.readFileSync(csvUri.fsPath, 'utf8').trimEnd().split('\n');
      assert.match(lines[0], /^file,id,start,operator,environment,/);
      assert.strictEqual(lines.length, json.deployments.length + 1, 'one CSV row per deployment');
      assert.ok(lines.some((line) => line.includes(`,${HOSTILE},`)), 'the operator name is not in the CSV as written');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  /**
   * Points the checklists folder setting at `relative` for the length of `body`, then removes
   * `created` (the folder, or the first of its parents the test creates).
   */
  async function withChecklistsFolder(relative: string, body: (folder: string) => Promise<void>, created = relative): Promise<void> {
    const folder = path.join(workspaceRoot(), relative);
    const config = vscode.workspace.getConfiguration('deploymentRecords');
    await config.update('checklistsFolder', relative, vscode.ConfigurationTarget.Workspace);
    try {
      await body(folder);
    } finally {
      api.current?.dispose();
      await closeAllWithoutSaving();
      await config.update('checklistsFolder', undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(path.join(workspaceRoot(), created), { recursive: true, force: true });
    }
  }

  test('shows the first record of a checklists folder that did not exist, nor its parent, when the panel opened', async () => {
    await withChecklistsFolder('ops-later/checklists', async (folder) => {
      assert.ok(!fs.existsSync(path.dirname(folder)), 'the parent folder exists before the test');
      const empty = nextRender(api, (s) => s.state === 'empty');
      await vscode.commands.executeCommand('deploymentRecords.showAnalytics');
      await empty;

      // The folder, its parent and a record arrive at once, as a git pull brings them: VS Code then
      // reports only the top folder, as it may also do for a tree written in quick succession
      // (Start Deployment in a fresh repository). Moving the tree in makes that certain.
      const staging = fs.mkdtempSync(path.join(path.dirname(workspaceRoot()), 'staging-'));
      try {
        fs.mkdirSync(path.join(staging, 'checklists'));
        fs.writeFileSync(path.join(staging, 'checklists', '2025-10-01-09-00-deployment.md'), recordText('DEP-2025-10-01-09-00', '2025-10-01T09:00:00Z', '2025-10-01T09:04:00Z', 'fiona', 'production', '✅ Succeeded'));
        const shown = nextRender(api, (s) => s.state === 'dashboard' && s.texts.includes('fiona'));
        fs.renameSync(staging, path.dirname(folder));
        await shown;
      } finally {
        fs.rmSync(staging, { recursive: true, force: true });
      }
      assert.strictEqual(postedRecords(api), 1);
    }, 'ops-later');
  });

  test('follows the checklists folder setting while it is open', async () => {
    const opened = nextRender(api, (s) => s.state === 'dashboard');
    await vscode.commands.executeCommand('deploymentRecords.showAnalytics');
    await opened;
    const moved = nextRender(api, (s) => s.state === 'dashboard' && s.texts.includes('gustav'));
    const elsewhere = path.join(workspaceRoot(), 'deployments', 'moved-records');
    fs.mkdirSync(elsewhere, { recursive: true });
    fs.writeFileSync(path.join(elsewhere, '2025-10-02-09-00-deployment.md'), recordText('DEP-2025-10-02-09-00', '2025-10-02T09:00:00Z', '2025-10-02T09:06:00Z', 'gustav', 'production', '✅ Succeeded'));
    await withChecklistsFolder('deployments/moved-records', async () => {
      await moved;
      assert.strictEqual(postedRecords(api), 1, 'the panel still counts the records of the old folder');
    });
  });

  test('opens a record from the panel in the group the user was editing in, and the panel stays in view', async () => {
    const editing = writeRecord('2025-09-08-08-00-deployment.md', recordText('DEP-2025-09-08-08-00', '2025-09-08T08:00:00Z', '2025-09-08T08:03:00Z', 'hana', 'production', '✅ Succeeded'));
    const linked = writeRecord('2025-09-08-09-00-deployment.md', recordText('DEP-2025-09-08-09-00', '2025-09-08T09:00:00Z', '2025-09-08T09:03:00Z', 'hana', 'production', '✅ Succeeded'));
    await closeAllWithoutSaving();
    try {
      await vscode.window.showTextDocument(vscode.Uri.file(editing), { viewColumn: vscode.ViewColumn.One, preview: false });
      const opened = nextRender(api, (s) => s.state === 'dashboard');
      await vscode.commands.executeCommand('deploymentRecords.showAnalytics');
      await opened;
      const panel = api.current?.webviewPanel;
      assert.ok(panel);
      assert.notStrictEqual(panel.viewColumn, vscode.ViewColumn.One, 'the panel opened over the editor rather than beside it');

      // What a click on the record's link in Recent deployments or Alerts does.
      await api.current?.openRecord(path.basename(linked));
      const editor = await shownEditor(linked);
      assert.strictEqual(editor.viewColumn, vscode.ViewColumn.One, 'the record did not open in the group the user was editing in');
      await until('the panel is in view', () => panel.visible);
    } finally {
      await closeAllWithoutSaving();
    }
  });

  test('Start Deployment from the empty panel of a fresh repository opens the record beside the panel, which then shows it', async () => {
    await withChecklistsFolder('first-deployments/checklists', async (folder) => {
      assert.ok(!fs.existsSync(path.dirname(folder)), 'the parent folder exists before the test');
      await closeAllWithoutSaving();
      const empty = nextRender(api, (s) => s.state === 'empty');
      await vscode.commands.executeCommand('deploymentRecords.showAnalytics');
      await empty;
      const panel = api.current?.webviewPanel;
      assert.ok(panel);

      const shown = nextRender(api, (s) => s.state === 'dashboard');
      // What the empty state's Start Deployment button does; the environment skips the pick.
      const record = await api.current?.startDeployment({ environment: 'staging' });
      assert.ok(record, 'Start Deployment did not create a record');
      const editor = await shownEditor(record.fsPath);
      assert.notStrictEqual(editor.viewColumn, panel.viewColumn, 'the record opened over the panel');
      await shown;
      assert.strictEqual(postedRecords(api), 1);
      await until('the panel is in view', () => panel.visible);
    }, 'first-deployments');
  });
});
