import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { parseRecord } from '../../src/core/record/recordParser';
import type { RecordLifecycleApi } from '../../src/host/recordLifecycle';
import { writeFileAtomically } from '../../src/host/recordStore';
import { activatedExtension } from './extensionUnderTest';
import { checklistsFolder, readParsed, resetWorkspace, startRecord, untilActiveChange, workspaceRoot } from './testWorkspace';

/*
 * Nothing lost: every change from every source survives a phase mark, or the user is told.
 * These run against the real extension in a real VS Code, in the trusted test workspace.
 */

function phaseStart(text: string, phase: string): string | undefined {
  return parseRecord(text).phases.find((p) => p.name === phase)?.start?.raw;
}

/** Appends a line to the end of the record's metadata section, the way another tool or window would. */
function withExtraField(text: string, line: string): string {
  return text.replace(/(- \*\*Deployment ID\*\*:[^\n]*\n)/, `$1${line}\n`);
}

suite('Reliability: concurrent and interrupted edits never lose a word', () => {
  let api: RecordLifecycleApi;

  suiteSetup(async () => {
    api = (await activatedExtension()).exports as RecordLifecycleApi;
    await api.ready();
  });
  setup(() => resetWorkspace(api));
  suiteTeardown(() => resetWorkspace(api));

  test('marks a phase while the record is open in two editors side by side, and both show the mark and the typing', async () => {
    const uri = await startRecord();
    const left = await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
    const right = await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Two });
    const note = 'Typed in the left editor, not saved';
    assert.ok(await left.edit((b) => b.insert(new vscode.Position(left.document.lineCount - 1, 0), `${note}\n`)));

    assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.markPlanning'), 'marked');

    for (const editor of [left, right]) {
      const text = editor.document.getText();
      assert.ok(text.includes(note), 'the typed text was lost');
      assert.ok(phaseStart(text, 'Planning'), 'the mark is missing from an editor');
    }
  });

  test('marks a phase when the file changed on disk and the clean editor has not reloaded: both changes are kept', async () => {
    const uri = await startRecord();
    const editor = await vscode.window.showTextDocument(uri);
    assert.strictEqual(editor.document.isDirty, false);
    const external = '- **Change Ticket**: CHG-4711 (written by another tool)';
    // Written behind the editor's back; the mark runs before the editor notices.
    fs.writeFileSync(uri.fsPath, withExtraField(fs.readFileSync(uri.fsPath, 'utf8'), external));

    const result = await vscode.commands.executeCommand('deploymentRecords.markExecution');

    const onDisk = fs.readFileSync(uri.fsPath, 'utf8');
    assert.ok(onDisk.includes(external), 'the change made on disk was overwritten');
    if (result === 'marked') {
      assert.ok(phaseStart(onDisk, 'Execution'), 'the mark said it landed but the file does not have it');
      await untilActiveChange(api, 'the editor shows the file', () => editor.document.getText() === onDisk || undefined);
    } else {
      assert.strictEqual(result, 'cancelled', `unexpected result ${String(result)}: the user must be told when the mark is not written`);
    }
  });

  test('marks a phase into unsaved changes while the file also changed on disk: the editor keeps both for the user to save', async () => {
    const uri = await startRecord();
    const editor = await vscode.window.showTextDocument(uri);
    const note = 'Unsaved note from the operator';
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(editor.document.lineCount - 1, 0), `${note}\n`)));
    const external = '- **Change Ticket**: CHG-4712 (written by another tool)';
    fs.writeFileSync(uri.fsPath, withExtraField(fs.readFileSync(uri.fsPath, 'utf8'), external));

    const result = await vscode.commands.executeCommand('deploymentRecords.markValidation');

    assert.ok(editor.document.getText().includes(note), 'the unsaved change was lost');
    assert.ok(fs.readFileSync(uri.fsPath, 'utf8').includes(external), 'the change on disk was overwritten');
    // The editor stays dirty: saving then shows VS Code's "file is newer" conflict, so the user decides.
    assert.strictEqual(editor.document.isDirty, true, 'the unsaved change was saved over the newer file without asking');
    if (result === 'marked') {
      assert.ok(phaseStart(editor.document.getText(), 'Validation'));
    } else {
      assert.strictEqual(result, 'cancelled');
    }
  });

  for (const open of [false, true]) {
    test(`two phase marks at the same moment on a record that is ${open ? 'open' : 'not open'}: both land, or the second is told`, async () => {
      const uri = await startRecord();
      if (open) {
        await vscode.window.showTextDocument(uri);
      } else {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      }
      const results = await Promise.all([
        vscode.commands.executeCommand('deploymentRecords.markPlanning'),
        vscode.commands.executeCommand('deploymentRecords.markExecution')
      ]);
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const text = doc && !doc.isClosed ? doc.getText() : fs.readFileSync(uri.fsPath, 'utf8');
      const phases = ['Planning', 'Execution'];
      results.forEach((result, i) => {
        if (result === 'marked') {
          assert.ok(phaseStart(text, phases[i]), `${phases[i]} was reported marked but is not in the record: a write was lost`);
        } else {
          assert.strictEqual(result, 'cancelled', `${phases[i]}: ${String(result)}`);
        }
      });
      assert.ok(results.includes('marked'), 'neither mark landed');
      assert.strictEqual(parseRecord(text).problems.length, 0, `the record was garbled: ${JSON.stringify(parseRecord(text).problems)}`);
      assert.deepStrictEqual(fs.readdirSync(checklistsFolder()).filter((n) => n.endsWith('.tmp')), []);
    });
  }

  test('writes a record that is not open whole, through a temporary file that never stays behind', async () => {
    const target = path.join(checklistsFolder(), '2020-01-01-00-00-deployment.md');
    const versions = [1, 2, 3, 4, 5, 6].map((n) => `## Deployment Metadata\n\n- **Deployment ID**: DEP-2020-01-01-00-00\n${`- [x] step of version ${n}\n`.repeat(20_000)}`);
    fs.writeFileSync(target, versions[0]);
    let reads = 0;
    let writing = true;
    // A reader polling during the writes must only ever see one whole version.
    const reader = (async () => {
      while (writing) {
        const seen = fs.readFileSync(target, 'utf8');
        assert.ok(versions.includes(seen), `a reader saw a half-written file (${seen.length} characters)`);
        reads++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (const version of versions.slice(1)) {
      await writeFileAtomically(target, version);
    }
    writing = false;
    await reader;
    assert.ok(reads > 0);
    assert.strictEqual(fs.readFileSync(target, 'utf8'), versions[versions.length - 1]);
    assert.deepStrictEqual(fs.readdirSync(checklistsFolder()).filter((n) => n.startsWith('.') && n !== '.gitkeep'), [], 'a temporary file was left behind');
  });

  test('a write that cannot finish leaves the old record untouched and no temporary file', async () => {
    const target = path.join(checklistsFolder(), '2020-01-02-00-00-deployment.md');
    // A folder where the record should be: the rename onto it fails after the temp file is written.
    fs.mkdirSync(path.join(target, 'blocker'), { recursive: true });
    await assert.rejects(() => writeFileAtomically(target, 'new text'));
    assert.ok(fs.statSync(target).isDirectory(), 'the old entry was replaced');
    assert.deepStrictEqual(fs.readdirSync(checklistsFolder()).filter((n) => n.endsWith('.tmp')), [], 'a temporary file was left behind');
  });

  test('a checklists folder setting that leads outside the workspace is refused and nothing is written there', async () => {
    const config = vscode.workspace.getConfiguration('deploymentRecords', vscode.workspace.workspaceFolders?.[0]);
    const outside = path.join(path.dirname(workspaceRoot()), 'records-outside-the-workspace');
    try {
      for (const value of ['../records-outside-the-workspace', outside]) {
        await config.update('checklistsFolder', value, vscode.ConfigurationTarget.WorkspaceFolder);
        assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.startDeployment', { environment: 'production' }), undefined);
        assert.strictEqual(fs.existsSync(outside), false, `a record was written outside the workspace with checklistsFolder ${value}`);
      }
    } finally {
      await config.update('checklistsFolder', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test('a checklists folder that is a link leading outside the workspace is refused and nothing is written there', async () => {
    const config = vscode.workspace.getConfiguration('deploymentRecords', vscode.workspace.workspaceFolders?.[0]);
    const outside = path.join(path.dirname(workspaceRoot()), 'records-behind-a-link');
    const link = path.join(workspaceRoot(), 'linked-records');
    fs.mkdirSync(outside, { recursive: true });
    fs.symlinkSync(outside, link, 'dir');
    try {
      await config.update('checklistsFolder', 'linked-records', vscode.ConfigurationTarget.WorkspaceFolder);
      assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.startDeployment', { environment: 'production' }), undefined);
      assert.deepStrictEqual(fs.readdirSync(outside), [], 'a record was written through the link, outside the workspace');
    } finally {
      await config.update('checklistsFolder', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      fs.rmSync(link, { force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test('the status bar notices when the active record is deleted while the timer runs, and recovers', async () => {
    const uri = await startRecord();
    const id = readParsed(uri).id ?? '';
    await untilActiveChange(api, 'the status bar shows the deployment', () => api.statusBarText()?.includes(id));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(uri.fsPath);
    await untilActiveChange(api, 'the status bar hides', () => (api.statusBarText() === undefined && api.activeRecordUri() === undefined) || undefined);
    assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.markPlanning'), undefined, 'a mark went to a deleted record');
    assert.ok(!fs.existsSync(uri.fsPath), 'the deleted record was written back');

    const again = await startRecord();
    await untilActiveChange(api, 'the status bar shows the new deployment', () => api.activeRecordUri() === again.toString() || undefined);
    assert.ok(api.statusBarText());
  });

  test('the status bar follows the active record when it is renamed while the timer runs', async () => {
    const uri = await startRecord();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const renamed = vscode.Uri.file(path.join(checklistsFolder(), 'renamed-by-hand.md'));
    fs.renameSync(uri.fsPath, renamed.fsPath);
    await untilActiveChange(api, 'the renamed record is the active one', () => api.activeRecordUri() === renamed.toString() || undefined);
    assert.ok(api.statusBarText());
    assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.markPlanning'), 'marked');
    assert.ok(readParsed(renamed).phases.find((p) => p.name === 'Planning')?.start, 'the mark did not reach the renamed record');
    assert.ok(!fs.existsSync(uri.fsPath), 'the old name came back');

    fs.renameSync(renamed.fsPath, path.join(workspaceRoot(), 'moved-out-of-the-folder.md'));
    try {
      await untilActiveChange(api, 'the status bar hides once the record left the folder', () => (api.statusBarText() === undefined) || undefined);
    } finally {
      fs.rmSync(path.join(workspaceRoot(), 'moved-out-of-the-folder.md'), { force: true });
    }
  });
});
