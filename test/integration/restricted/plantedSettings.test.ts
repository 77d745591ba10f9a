import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { parseRecord } from '../../../src/core/record/recordParser';
import type { RecordLifecycleApi } from '../../../src/host/recordLifecycle';
import { activatedExtension } from '../extensionUnderTest';
import { until } from '../testWorkspace';

suite('A cloned repository\'s settings in a restricted workspace', () => {
  let root: string;
  let markerDir: string;
  let created: vscode.Uri | undefined;

  suiteSetup(() => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    root = folder.uri.fsPath;
    markerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-planted-marker-'));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(path.join(root, '.vscode'), { recursive: true, force: true });
    fs.rmSync(markerDir, { recursive: true, force: true });
    if (created) {
      fs.rmSync(created.fsPath, { force: true });
    }
  });

  test('Start Deployment does not run a program that .vscode/settings.json names, and says so in the record', async () => {
    const marker = path.join(markerDir, 'PLANTED-PROGRAM-RAN');
    const planted = path.join(root, '.vscode', 'planted-tool.sh');
    fs.mkdirSync(path.dirname(planted), { recursive: true });
    fs.writeFileSync(planted, `#!/bin/sh\ntouch "${marker}"\necho "Planted v6.6.6"\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(root, '.vscode', 'settings.json'), JSON.stringify({
      'deploymentRecords.toolVersionCommands': [planted, `sh -c "touch '${marker}'"`],
      // Not restricted: proves VS Code has read this file before the command runs.
      'deploymentRecords.operator': 'Planted Operator'
    }, null, 2));
    await until('VS Code reads the planted settings', () =>
      vscode.workspace.getConfiguration('deploymentRecords').get<string>('operator') === 'Planted Operator');
    assert.deepStrictEqual(
      vscode.workspace.getConfiguration('deploymentRecords').get('toolVersionCommands'),
      ['terraform version'],
      'a restricted setting from the workspace was applied in restricted mode'
    );

    const api = (await activatedExtension()).exports as RecordLifecycleApi;
    await api.ready();
    // The restricted lifecycle suite leaves its deployment running; a prompt would wait for nobody.
    created = await vscode.commands.executeCommand<vscode.Uri | undefined>('deploymentRecords.startDeployment', { environment: 'production', startAlongside: true });
    assert.ok(created, 'Start Deployment did not create a record in a restricted workspace');

    const parsed = parseRecord(fs.readFileSync(created.fsPath, 'utf8'), path.basename(created.fsPath));
    assert.strictEqual(parsed.operator, 'Planted Operator');
    const versions = parsed.fields.filter((f) => / Version$/.test(f.key)).map((f) => `${f.key}: ${f.value}`);
    assert.deepStrictEqual(versions, ['Terraform Version: not collected (untrusted workspace)']);
    assert.strictEqual(fs.existsSync(marker), false, 'the planted program ran');
  });
});
