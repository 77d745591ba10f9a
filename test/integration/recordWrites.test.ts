import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { parseRecord } from '../../src/core/record/recordParser';
import { markPhaseEdits } from '../../src/core/record/recordWriter';
import type { RecordLifecycleApi } from '../../src/host/recordLifecycle';
import { applyRecordEdits } from '../../src/host/recordStore';
import { activatedExtension } from './extensionUnderTest';
import { withPrompts } from './prompts';
import { canInspectRenderedPage, queryRenderedText } from './runnerBridge';
import { checklistsFolder, readParsed, resetWorkspace, startRecord, until, workspaceRoot } from './testWorkspace';

/*
 * A phase mark or a finish updates the record the user has, as saving it in an editor would:
 * never replacing a read-only file, a link or the file's permissions, and never reporting a
 * write or a save that failed as done. Run in a real VS Code, in the trusted workspace.
 */

const isRoot = process.getuid?.() === 0;

function modeOf(file: string): number {
  return fs.statSync(file).mode & 0o777;
}

function relative(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri);
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Waits until VS Code shows a notification matching `pattern` and returns its text. Under
 * a host that cannot read the page (@vscode/test-electron), asks `fallback` for the message
 * the command would show instead; undefined when there is none.
 */
async function shownMessage(pattern: RegExp, fallback?: () => Promise<string>): Promise<string | undefined> {
  if (!canInspectRenderedPage()) {
    const message = await fallback?.();
    if (message !== undefined) {
      assert.match(message, pattern);
    }
    return message;
  }
  let seen: string[] = [];
  try {
    return await until(`a notification matching ${pattern}`, async () => {
      // The notification centre, not the toasts: an extension test window shows no toasts.
      await vscode.commands.executeCommand('notifications.showList');
      seen = (await queryRenderedText('.notifications-center .notification-list-item-message')) ?? [];
      return seen.find((text) => pattern.test(text));
    });
  } catch (error) {
    assert.fail(`${(error as Error).message}; the notifications shown: ${JSON.stringify(seen)}`);
  } finally {
    await vscode.commands.executeCommand('notifications.hideList');
  }
}

/** The message applyRecordEdits refuses or fails with, for hosts whose notifications cannot be read. */
async function refusalOf(uri: vscode.Uri): Promise<string> {
  const text = fs.readFileSync(uri.fsPath, 'utf8');
  try {
    await applyRecordEdits(uri, text, markPhaseEdits(text, 'Planning', '2026-01-01 10:00:00 +00:00'));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return 'the write was not refused';
}

/**
 * Makes `dir` read-only for everyone, root included, with a read-only bind mount, and
 * returns the undo; undefined when this host may not mount (not root, or no CAP_SYS_ADMIN).
 */
function mountReadOnly(dir: string): (() => void) | undefined {
  try {
    execFileSync('mount', ['--bind', dir, dir], { stdio: 'pipe' });
  } catch {
    return undefined;
  }
  const undo = () => execFileSync('umount', [dir], { stdio: 'pipe' });
  try {
    execFileSync('mount', ['-o', 'remount,bind,ro', dir], { stdio: 'pipe' });
  } catch {
    undo();
    return undefined;
  }
  return undo;
}

function temporaryFiles(...dirs: string[]): string[] {
  return dirs.flatMap((dir) => fs.readdirSync(dir).filter((name) => name.endsWith('.tmp')));
}

suite('Record writes: a record is updated in place of the user\'s file, or the user is told why not', () => {
  let api: RecordLifecycleApi;

  suiteSetup(async () => {
    api = (await activatedExtension()).exports as RecordLifecycleApi;
    await api.ready();
  });
  setup(async () => {
    await resetWorkspace(api);
    await vscode.commands.executeCommand('notifications.clearAll');
  });
  suiteTeardown(() => resetWorkspace(api));

  /** Waits until the extension reads `uri` as the active record. */
  function untilActive(uri: vscode.Uri): Promise<true> {
    return until(`${relative(uri)} is the active record`, () => api.activeRecordUri() === uri.toString() || undefined, { wakeOn: api.onDidChangeActive });
  }

  /**
   * Starts a record and moves it to `to(startedPath)`, a name VS Code has never opened:
   * Start opens the new record, and VS Code keeps a closed editor's document for minutes,
   * during which the record would still be written as an open one.
   */
  async function startRecordNeverOpened(to = (started: string) => started.replace(/\.md$/, '-never-opened.md')): Promise<{ uri: vscode.Uri; file: string }> {
    const started = await startRecord();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const file = to(started.fsPath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.renameSync(started.fsPath, file);
    return { uri: vscode.Uri.file(file), file };
  }

  /** Like startRecordNeverOpened, at a link in the checklists folder to wherever `to` moves it. */
  async function startLinkedRecord(to: (started: string) => string): Promise<{ uri: vscode.Uri; file: string }> {
    const { file } = await startRecordNeverOpened(to);
    const uri = vscode.Uri.file(path.join(checklistsFolder(), path.basename(file).replace(/\.md$/, '-linked.md')));
    fs.symlinkSync(file, uri.fsPath);
    await untilActive(uri);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'the linked record is open');
    return { uri, file };
  }

  async function notOpenRecord(): Promise<vscode.Uri> {
    const { uri } = await startRecordNeverOpened();
    await untilActive(uri);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'the record is open');
    return uri;
  }

  test('a read-only record that is not open is refused with a message naming it, and stays read-only and unchanged', async () => {
    const uri = await notOpenRecord();
    const before = fs.readFileSync(uri.fsPath, 'utf8');
    fs.chmodSync(uri.fsPath, 0o444);
    try {
      assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.markPlanning'), undefined, 'the mark was reported as done');
      assert.strictEqual(fs.readFileSync(uri.fsPath, 'utf8'), before, 'the read-only record was rewritten');
      assert.strictEqual(modeOf(uri.fsPath), 0o444, 'the record lost its read-only mode');
      await shownMessage(new RegExp(`^${escaped(relative(uri))} is read-only, so Deployment Records did not change it\\..*make it writable`), () => refusalOf(uri));
    } finally {
      fs.chmodSync(uri.fsPath, 0o644);
    }
  });

  test('a read-only record that is open and saved is refused before the editor is changed', async () => {
    const uri = await startRecord();
    const editor = await vscode.window.showTextDocument(uri);
    const before = editor.document.getText();
    fs.chmodSync(uri.fsPath, 0o444);
    try {
      assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.finishDeployment', { outcome: 'success' }), undefined, 'the finish was reported as done');
      assert.strictEqual(editor.document.getText(), before, 'the editor was changed although the record cannot be saved');
      assert.strictEqual(editor.document.isDirty, false);
      assert.strictEqual(readParsed(uri).outcome, 'inProgress');
      await shownMessage(new RegExp(`^${escaped(relative(uri))} is read-only`), () => refusalOf(uri));
    } finally {
      fs.chmodSync(uri.fsPath, 0o644);
    }
  });

  test('a record that is not open keeps its file mode (0640 stays 0640) when a phase is marked', async () => {
    const uri = await notOpenRecord();
    fs.chmodSync(uri.fsPath, 0o640);
    assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.markPlanning'), 'marked');
    assert.ok(readParsed(uri).phases.find((p) => p.name === 'Planning')?.start, 'the mark is not in the file');
    assert.strictEqual(modeOf(uri.fsPath).toString(8), '640', 'the record\'s permissions changed');
  });

  test('a record that is a link inside the workspace: the file it points to gets the mark and the link stays a link', async () => {
    const keptIn = path.join(workspaceRoot(), 'records-kept-here');
    try {
      const { uri, file } = await startLinkedRecord((started) => path.join(keptIn, path.basename(started)));
      fs.chmodSync(file, 0o640);
      assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.markExecution'), 'marked');
      assert.ok(fs.lstatSync(uri.fsPath).isSymbolicLink(), 'the link was replaced by a copy');
      assert.ok(parseRecord(fs.readFileSync(file, 'utf8')).phases.find((p) => p.name === 'Execution')?.start, 'the file the link points to did not get the mark');
      assert.strictEqual(modeOf(file).toString(8), '640', 'the linked file\'s permissions changed');
      assert.deepStrictEqual(temporaryFiles(keptIn, checklistsFolder()), [], 'a temporary file was left behind');
    } finally {
      fs.rmSync(keptIn, { recursive: true, force: true });
    }
  });

  test('a record that is a link leading outside the workspace is not written through, and the message says where it leads', async () => {
    const outside = path.join(path.dirname(workspaceRoot()), `records-outside-${Date.now()}`);
    try {
      const { uri, file } = await startLinkedRecord((started) => path.join(outside, path.basename(started)));
      const before = fs.readFileSync(file, 'utf8');
      assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.markPlanning'), undefined, 'the mark was reported as done');
      assert.ok(fs.lstatSync(uri.fsPath).isSymbolicLink(), 'the link was replaced');
      assert.strictEqual(fs.readFileSync(file, 'utf8'), before, 'the file outside the workspace was written');
      await shownMessage(new RegExp(`^${escaped(relative(uri))} leads through a symbolic link to ${escaped(fs.realpathSync(file))}, outside the workspace folder`), () => refusalOf(uri));
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test('a record that is not open, in a folder that cannot be written: the message names the record and the reason, never a temporary file', async function () {
    const uri = await notOpenRecord();
    const before = fs.readFileSync(uri.fsPath, 'utf8');
    let reason = 'the file system is read-only';
    let undo = mountReadOnly(checklistsFolder());
    if (!undo && !isRoot) {
      // Without the right to mount, a folder without write permission stops anyone but root.
      fs.chmodSync(checklistsFolder(), 0o555);
      undo = () => fs.chmodSync(checklistsFolder(), 0o755);
      reason = 'permission denied';
    }
    if (!undo) {
      this.skip(); // Root without CAP_SYS_ADMIN: no folder here is unwritable for this process.
    }
    try {
      assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.markPlanning'), undefined, 'the mark was reported as done');
      assert.strictEqual(fs.readFileSync(uri.fsPath, 'utf8'), before);
      const message = await shownMessage(new RegExp(`^${escaped(relative(uri))} could not be written: ${reason}\\.`), () => refusalOf(uri));
      assert.doesNotMatch(message ?? '', /\.tmp|could not complete the command/, 'the message shows the raw error');
      assert.match(message ?? '', /run the command again/);
    } finally {
      undo();
    }
  });

  test('a record replaced by a folder between the read and the write: the message names the record and says why, and nothing is written', async () => {
    const uri = await notOpenRecord();
    const { prompts } = await withPrompts((prompt) => {
      if (prompt.kind !== 'quickPick') {
        return undefined;
      }
      // The command has read the record; before it writes, a folder takes the record's name.
      fs.rmSync(uri.fsPath);
      fs.mkdirSync(uri.fsPath);
      return 'Planning';
    }, () => vscode.commands.executeCommand('deploymentRecords.markPhase'));
    assert.ok(fs.statSync(uri.fsPath).isDirectory(), 'the folder was replaced');
    assert.deepStrictEqual(fs.readdirSync(uri.fsPath), [], 'something was written into the folder');
    const errors = prompts.filter((p) => p.kind === 'error').map((p) => p.message ?? '');
    assert.strictEqual(errors.length, 1, `expected one error message, got ${JSON.stringify(prompts)}`);
    assert.match(errors[0], new RegExp(`^${escaped(relative(uri))} could not be read just before writing to it: a folder has taken its name, so Deployment Records did not change it\\.`));
    assert.match(errors[0], /Nothing was written\.$/);
    assert.doesNotMatch(errors[0], /could not complete the command|EISDIR/, 'the message shows the raw error');
  });

  test('an open record whose file starts with a byte order mark is changed in the editor, where Undo takes the change back, and keeps its mark on disk', async () => {
    const { uri, file } = await startRecordNeverOpened((started) => started.replace(/\.md$/, '-bom.md'));
    fs.writeFileSync(file, `\uFEFF${fs.readFileSync(file, 'utf8')}`);
    const editor = await vscode.window.showTextDocument(uri);
    await untilActive(uri);
    assert.strictEqual(editor.document.isDirty, false);
    // The premise: the editor's text lacks the mark that the file's text, as the commands read it, starts with.
    assert.ok(!editor.document.getText().startsWith('\uFEFF'), 'VS Code kept the byte order mark in the document\'s text');

    // A write behind the editor goes through a temporary file next to the record.
    const seen: string[] = [];
    const watcher = fs.watch(path.dirname(file), (_event, name) => {
      if (name) {
        seen.push(name.toString());
      }
    });
    try {
      assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.markExecution', { uri }), 'marked');
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      watcher.close();
    }
    assert.deepStrictEqual(seen.filter((name) => name.endsWith('.tmp')), [], 'the record was written behind its editor, on disk');
    assert.ok(parseRecord(editor.document.getText()).phases.find((p) => p.name === 'Execution')?.start, 'the mark is not in the editor');
    assert.strictEqual(editor.document.isDirty, false, 'the change was not saved');
    const onDisk = fs.readFileSync(file, 'utf8');
    assert.ok(onDisk.startsWith('\uFEFF## Deployment Metadata'), 'the file lost its byte order mark');
    assert.ok(parseRecord(onDisk).phases.find((p) => p.name === 'Execution')?.start, 'the mark is not in the file');

    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(parseRecord(editor.document.getText()).phases.find((p) => p.name === 'Execution')?.start, undefined, 'Undo did not take the mark back');
  });

  test('a save that fails is not reported as done: the change stays in the editor, unsaved, the file is unchanged, and the message names the record and the reason', async function () {
    const uri = await startRecord();
    const editor = await vscode.window.showTextDocument(uri);
    assert.strictEqual(editor.document.isDirty, false);
    // Only a read-only mount makes the save fail for root, and the write check before the edit
    // must let the record through (its mode is writable) for the save to be tried at all.
    const undo = mountReadOnly(checklistsFolder());
    if (!undo) {
      this.skip(); // No right to mount here; the message is covered by test/unit/record/recordWriteFailure.test.ts.
    }
    try {
      assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.finishDeployment', { outcome: 'success' }), undefined, 'the finish was reported as done');
      assert.strictEqual(editor.document.isDirty, true, 'the change was not kept in the editor');
      assert.strictEqual(parseRecord(editor.document.getText()).outcome, 'success', 'the finish is missing from the editor');
      assert.strictEqual(readParsed(uri).outcome, 'inProgress', 'the file changed');
      // Only the command saves, so only a host that can read the page can check its message.
      const message = await shownMessage(new RegExp(`^The change to ${escaped(relative(uri))} could not be saved: the file system is read-only\\. The change is in the editor, unsaved`));
      if (message !== undefined) {
        assert.match(message, /save the record; or undo the change/);
      }
    } finally {
      undo();
    }
  });
});
