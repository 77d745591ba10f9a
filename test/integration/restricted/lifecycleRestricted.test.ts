import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { parseRecord } from '../../../src/core/record/recordParser';
import type { RecordLifecycleApi } from '../../../src/host/recordLifecycle';
import { activatedExtension } from '../extensionUnderTest';

suite('Record lifecycle in a restricted workspace', () => {
  test('starts a record but runs no tool: versions read "not collected (untrusted workspace)"', async () => {
    const api = (await activatedExtension()).exports as RecordLifecycleApi;
    await api.ready();
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('deploymentRecords.startDeployment', { environment: 'production' });
    assert.ok(uri, 'Start Deployment did not create a record in a restricted workspace');
    const parsed = parseRecord(fs.readFileSync(uri.fsPath, 'utf8'), path.basename(uri.fsPath));
    assert.strictEqual(parsed.hasMetadata, true);
    const terraform = parsed.fields.find((f) => f.key === 'Terraform Version');
    assert.strictEqual(terraform?.value, 'not collected (untrusted workspace)');
    assert.strictEqual(api.activeRecordUri(), uri.toString());
  });
});
