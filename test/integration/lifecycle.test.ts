import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { parseRecord } from '../../src/core/record/recordParser';
import type { ParsedRecord } from '../../src/core/record/recordTypes';
import type { ActiveDeployments } from '../../src/host/activeDeployment';
import { requireFolder } from '../../src/host/commands/commandSupport';
import type { RecordLifecycleApi } from '../../src/host/recordLifecycle';
import { UserFacingError } from '../../src/host/userFacingError';
import { installBlockingHook } from './blockingHook';
import { activatedExtension, menuItemsShown } from './extensionUnderTest';
import { type Prompt, withPrompts } from './prompts';
import { canInspectRenderedPage, inspectRendered, queryRenderedText } from './runnerBridge';
import { checklistsFolder, readParsed, resetWorkspace, startRecord, until, untilActiveChange, workspaceRoot } from './testWorkspace';

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: workspaceRoot(), encoding: 'utf8' });
}

async function lifecycleApi(): Promise<RecordLifecycleApi> {
  const extension = await activatedExtension();
  const api = extension.exports as RecordLifecycleApi;
  assert.strictEqual(typeof api?.statusBarText, 'function', 'activate() does not return the lifecycle API');
  await api.ready();
  return api;
}

/**
 * Resolves once the notification list shows `text`; skipped where the runner cannot read the
 * page. The runner's smoke-test mode shows no toasts, so this opens the list the bell opens.
 */
async function untilNotificationShows(text: string): Promise<void> {
  await vscode.commands.executeCommand('notifications.showList');
  try {
    if ((await queryRenderedText('.notification-list-item-message')) === undefined) {
      return;
    }
    await until(`a notification saying “${text}”`, async () => (await queryRenderedText('.notification-list-item-message'))?.some((t) => t.includes(text)));
  } finally {
    await vscode.commands.executeCommand('notifications.hideList');
  }
}

/**
 * Writes a finished record git has never seen, under a name no other test uses: a record
 * started in the same minute as one an earlier test committed would already be tracked.
 */
function untrackedRecord(minute: string): { uri: vscode.Uri; relative: string } {
  const name = `2098-01-01-00-${minute}-deployment.md`;
  const file = path.join(checklistsFolder(), name);
  fs.writeFileSync(file, [
    '## Deployment Metadata',
    `- **Deployment ID**: DEP-2098-01-01-00-${minute}`,
    `- **Start Time**: 2098-01-01 00:${minute}:00`,
    '## Deployment Metrics',
    '- **Success Status**: ✅ Succeeded',
    ''
  ].join('\n'));
  return { uri: vscode.Uri.file(file), relative: path.relative(workspaceRoot(), file).split(path.sep).join('/') };
}

function field(parsed: ParsedRecord, key: string): string | undefined {
  return parsed.fields.find((f) => f.key.toLowerCase() === key.toLowerCase())?.value;
}

/** The next-step CodeLens on a record (the one that runs a command), as `title → command`. */
async function nextStepLens(uri: vscode.Uri): Promise<string | undefined> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  const lens = lenses.find((l) => l.command?.command);
  return lens?.command && `${lens.command.title} → ${lens.command.command}`;
}

/** The items of the status bar's menu (what clicking the deployment in the status bar shows), dismissed. */
async function statusBarMenu(): Promise<string[]> {
  const { prompts } = await withPrompts(() => undefined, () => vscode.commands.executeCommand('deploymentRecords.showActions'));
  assert.strictEqual(prompts.length, 1, `expected the menu alone, saw: ${JSON.stringify(prompts)}`);
  return [...prompts[0].choices];
}

interface ViewNode { label: string; contextValue?: string; uri?: string; children: ViewNode[] }

/** The Finish entries the Deployments view shows on a record, inline and on right-click, as `group`s. */
async function finishInDeploymentsView(uri: vscode.Uri): Promise<string[]> {
  const months = await vscode.commands.executeCommand<ViewNode[]>('deploymentRecords._deploymentsTree');
  const node = months.flatMap((month) => month.children).find((n) => n.uri === uri.toString());
  assert.ok(node, `the Deployments view does not list ${path.basename(uri.fsPath)}`);
  return menuItemsShown(await activatedExtension(), 'view/item/context', { view: 'deploymentRecords.deployments', viewItem: node.contextValue ?? '' })
    .filter((item) => item.command === 'deploymentRecords.finishDeployment')
    .map((item) => item.group ?? '');
}

/** Waits until the editor titles show the Finish button `count` times in all, as the rendered page has them. */
async function untilEditorTitleFinish(count: number, where: string): Promise<void> {
  await until(`the editor titles show Finish ${count} time(s) ${where}`, async () => {
    const frames = await inspectRendered('.editor-actions .action-label[aria-label="Finish Deployment"]');
    return (frames ?? []).reduce((sum, frame) => sum + frame.elements.length, 0) === count;
  });
}

suite('Record lifecycle: start, phases, finish', () => {
  let api: RecordLifecycleApi;

  suiteSetup(async () => {
    api = await lifecycleApi();
  });

  setup(() => resetWorkspace(api));
  suiteTeardown(() => resetWorkspace(api));

  test('start → mark each phase → finish writes the record and drives the status bar', async () => {
    assert.strictEqual(api.statusBarText(), undefined, 'the status bar shows a deployment before any was started');
    const uri = await startRecord('staging');

    assert.match(path.basename(uri.fsPath), /^\d{4}-\d\d-\d\d-\d\d-\d\d(-\d+)?-deployment\.md$/);
    let parsed = readParsed(uri);
    assert.match(parsed.id ?? '', /^DEP-\d{4}-\d\d-\d\d-\d\d-\d\d$/);
    assert.strictEqual(parsed.hasMetadata, true);
    assert.strictEqual(parsed.outcome, 'inProgress');
    assert.strictEqual(parsed.environment, 'staging');
    assert.strictEqual(parsed.branch, 'main');
    assert.strictEqual(parsed.commit, git('rev-parse', 'HEAD').trim());
    assert.strictEqual(parsed.operator, git('config', 'user.name').trim());
    assert.ok(parsed.startTime?.offsetMinutes !== undefined, 'Start Time has no UTC offset');
    assert.match(field(parsed, 'Working Tree') ?? '', /^(clean|dirty \(\d+ changed files?\))$/);
    assert.strictEqual(field(parsed, 'Previous Deployment'), 'none');
    assert.ok(field(parsed, 'Terraform Version'), 'no Terraform Version line');
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString(), 'the new record was not opened');
    assert.strictEqual(api.activeRecordUri(), uri.toString());
    assert.match(api.statusBarText() ?? '', new RegExp(`^\\$\\(rocket\\) ${parsed.id} · Started \\d\\d:\\d\\d$`));

    for (const [command, phase] of [['markPlanning', 'Planning'], ['markExecution', 'Execution'], ['markValidation', 'Validation']]) {
      assert.strictEqual(await vscode.commands.executeCommand(`deploymentRecords.${command}`), 'marked');
      parsed = readParsed(uri);
      assert.ok(parsed.phases.find((p) => p.name === phase)?.start, `${phase} Start was not written`);
      assert.match(api.statusBarText() ?? '', new RegExp(`^\\$\\(rocket\\) ${parsed.id} · ${phase} \\d\\d:\\d\\d$`));
    }
    assert.ok(parsed.phases.find((p) => p.name === 'Planning')?.writtenDurationSeconds !== undefined, 'Planning Duration was not filled when Execution started');
    assert.ok(parsed.phases.find((p) => p.name === 'Execution')?.writtenDurationSeconds !== undefined, 'Execution Duration was not filled when Validation started');
    assert.match(api.statusBarTooltip() ?? '', /Planning[\s\S]*Execution[\s\S]*Validation/);

    assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.finishDeployment', { outcome: 'failed', note: 'database migration timed out' }), 'failed');
    parsed = readParsed(uri);
    assert.strictEqual(parsed.outcome, 'failed');
    assert.match(field(parsed, 'Success Status') ?? '', /^❌ Failed/);
    assert.strictEqual(parsed.outcomeNote, 'database migration timed out');
    assert.ok(parsed.endTime, 'End Time was not written');
    assert.ok(parsed.writtenTotalSeconds !== undefined, 'Total Duration was not written');
    for (const phase of ['Planning', 'Execution', 'Validation']) {
      assert.ok(parsed.phases.find((p) => p.name === phase)?.writtenDurationSeconds !== undefined, `${phase} Duration is missing after finishing`);
    }
    assert.strictEqual(api.statusBarText(), undefined, 'the status bar still shows a finished deployment');
    assert.strictEqual(api.activeRecordUri(), undefined);
  });

  test('after Planning is skipped, the status bar menu and the CodeLens offer Validation next, then Finish', async () => {
    const uri = await startRecord();
    assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.markExecution'), 'marked');

    assert.strictEqual((await statusBarMenu())[0], '$(debug-continue) Mark Validation Phase');
    assert.strictEqual(await nextStepLens(uri), '$(debug-continue) Mark Validation Phase → deploymentRecords.markValidation');

    // Choosing the menu's first item marks Validation, after Execution.
    await withPrompts((prompt) => (prompt.kind === 'quickPick' ? prompt.choices[0] : undefined),
      () => vscode.commands.executeCommand('deploymentRecords.showActions'));
    const parsed = readParsed(uri);
    assert.deepStrictEqual(parsed.phases.filter((p) => p.start).map((p) => p.name), ['Execution', 'Validation']);
    assert.strictEqual(parsed.phases.find((p) => p.name === 'Planning')?.start, undefined, 'Planning was marked after Execution');

    const menu = await statusBarMenu();
    assert.strictEqual(menu[0], '$(pass) Finish Deployment', 'once the last phase started, finishing is not offered first');
    assert.strictEqual(menu.filter((label) => label.includes('Finish')).length, 1, `Finish is offered twice: ${menu.join(', ')}`);
    assert.strictEqual(await nextStepLens(uri), '$(pass) Finish Deployment → deploymentRecords.finishDeployment');
  });

  test('the status bar timer ticks every second', async () => {
    await startRecord();
    const first = api.statusBarText();
    assert.ok(first);
    await untilActiveChange(api, 'the status bar time advances', () => api.statusBarText() !== first);
    assert.match(api.statusBarText() ?? '', /· Started \d\d:\d\d$/);
  });

  test('marks execution while the editor has unsaved changes, keeps them, and the mark can be undone', async () => {
    const uri = await startRecord();
    const editor = await vscode.window.showTextDocument(uri);
    const note = 'Unsaved operator note: load balancer drained';
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(editor.document.lineCount - 1, 0), `${note}\n`)));
    assert.strictEqual(editor.document.isDirty, true);

    assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.markExecution'), 'marked');

    const text = editor.document.getText();
    assert.ok(text.includes(note), 'the unsaved change was lost');
    assert.ok(parseRecord(text).phases.find((p) => p.name === 'Execution')?.start, 'Execution Start is not in the editor');
    assert.strictEqual(editor.document.isDirty, true, 'the unsaved change was saved behind the user’s back');
    assert.ok(!fs.readFileSync(uri.fsPath, 'utf8').includes(note), 'the file on disk was written behind the open editor');

    await vscode.commands.executeCommand('undo');
    const undone = editor.document.getText();
    assert.strictEqual(parseRecord(undone).phases.find((p) => p.name === 'Execution')?.start, undefined, 'undo did not remove the mark');
    assert.ok(undone.includes(note), 'undo also removed the user’s own change');
  });

  test('marks a phase in a record that is not open by rewriting the file whole', async () => {
    const uri = await startRecord();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.markPlanning'), 'marked');
    assert.ok(readParsed(uri).phases.find((p) => p.name === 'Planning')?.start);
    assert.deepStrictEqual(fs.readdirSync(checklistsFolder()).filter((n) => n.endsWith('.tmp')), [], 'a temporary file was left behind');
  });

  test('a second start in the same minute gets a -2 record and never overwrites the first', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const minute = new Date().getMinutes();
      // A retry starts while the previous attempt's records are still in progress.
      const first = await startRecord('staging', { startAlongside: true });
      const firstText = fs.readFileSync(first.fsPath, 'utf8');
      const second = await startRecord('staging', { startAlongside: true });
      if (new Date().getMinutes() !== minute) {
        // The clock crossed a minute between the two starts: try again from an empty folder,
        // or the retry's first start would itself be a -2 record of this attempt's second.
        await resetWorkspace(api);
        continue;
      }
      const firstId = readParsed(first).id ?? '';
      assert.strictEqual(readParsed(second).id, `${firstId}-2`);
      assert.strictEqual(path.basename(second.fsPath), path.basename(first.fsPath).replace(/-deployment\.md$/, '-2-deployment.md'));
      assert.strictEqual(fs.readFileSync(first.fsPath, 'utf8'), firstText, 'the first record was changed');
      assert.strictEqual(api.activeRecordUri(), second.toString(), 'the newest record is not the active one');
      return;
    }
    assert.fail('could not start twice within one minute');
  });

  test('Start while a deployment is in progress warns, naming it: Cancel starts nothing, Start Anyway starts another', async () => {
    const running = await startRecord();
    const id = readParsed(running).id ?? '';
    const recordsBefore = fs.readdirSync(checklistsFolder()).sort();

    const cancelled = await withPrompts(() => undefined,
      () => vscode.commands.executeCommand('deploymentRecords.startDeployment', { environment: 'staging' }));
    assert.strictEqual(cancelled.result, undefined);
    assert.deepStrictEqual(cancelled.prompts.map((p) => [p.kind, p.modal, p.choices]), [['warning', true, ['Finish It First', 'Start Anyway']]]);
    assert.match(cancelled.prompts[0].message ?? '', new RegExp(`^${id} is still in progress \\(started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\)\\. Finish it before starting another deployment\\?$`));
    assert.deepStrictEqual(fs.readdirSync(checklistsFolder()).sort(), recordsBefore, 'Cancel created a record');
    assert.strictEqual(api.activeRecordUri(), running.toString());

    const anyway = await withPrompts((p) => (p.kind === 'warning' ? 'Start Anyway' : undefined),
      () => vscode.commands.executeCommand<vscode.Uri | undefined>('deploymentRecords.startDeployment', { environment: 'staging' }));
    assert.ok(anyway.result, 'Start Anyway did not start a deployment');
    assert.strictEqual(api.activeRecordUri(), anyway.result.toString(), 'the new deployment is not the one the status bar follows');
    assert.strictEqual(readParsed(running).outcome, 'inProgress');
  });

  test('the Deployments view offers Finish on every deployment in progress, also one Start Anyway left running, and finishes that one', async () => {
    const older = await startRecord();
    const newer = await startRecord('staging', { startAlongside: true });
    assert.strictEqual(api.activeRecordUri(), newer.toString());
    assert.deepStrictEqual(await finishInDeploymentsView(newer), ['navigation@2', 'inline@1']);
    assert.deepStrictEqual(await finishInDeploymentsView(older), ['navigation@2', 'inline@1'], 'the view does not offer Finish on the deployment left running');

    // What the view's Finish passes: the record it sits on.
    const answers = (prompt: Prompt) => ({ quickPick: 'Failed', inputBox: '' } as Record<string, string>)[prompt.kind];
    const { result, prompts } = await withPrompts(answers,
      () => vscode.commands.executeCommand('deploymentRecords.finishDeployment', { uri: older }));

    assert.strictEqual(result, 'failed');
    assert.strictEqual(prompts.find((p) => p.kind === 'quickPick')?.title, `Finish ${readParsed(older).id}`);
    assert.strictEqual(readParsed(older).outcome, 'failed');
    assert.strictEqual(readParsed(newer).outcome, 'inProgress', 'the active deployment was finished instead');
    assert.deepStrictEqual(await finishInDeploymentsView(older), [], 'the view still offers Finish on the finished record');
  });

  test('Finish It First finishes the running deployment, then starts the new one', async () => {
    const running = await startRecord();
    const answers = (prompt: Prompt) => ({ warning: 'Finish It First', quickPick: 'Rolled back', inputBox: '' } as Record<string, string>)[prompt.kind];
    const { result, prompts } = await withPrompts(answers,
      () => vscode.commands.executeCommand<vscode.Uri | undefined>('deploymentRecords.startDeployment', { environment: 'staging' }));
    assert.strictEqual(readParsed(running).outcome, 'rolledBack', 'the running deployment was not finished');
    assert.ok(result, 'no deployment was started after finishing the running one');
    assert.strictEqual(api.activeRecordUri(), result.toString());
    assert.strictEqual(prompts.find((p) => p.kind === 'quickPick')?.title, `Finish ${readParsed(running).id}`);
  });

  test('a script decides with startAlongside and is not asked', async () => {
    const running = await startRecord();
    const refused = await withPrompts(() => undefined,
      () => vscode.commands.executeCommand('deploymentRecords.startDeployment', { environment: 'staging', startAlongside: false }));
    assert.strictEqual(refused.result, undefined);
    assert.deepStrictEqual(refused.prompts.map((p) => p.kind), ['information']);
    assert.match(refused.prompts[0].message ?? '', new RegExp(`^No deployment was started: ${readParsed(running).id} is still in progress`));

    const alongside = await withPrompts(() => undefined,
      () => vscode.commands.executeCommand<vscode.Uri | undefined>('deploymentRecords.startDeployment', { environment: 'staging', startAlongside: true }));
    assert.ok(alongside.result, 'startAlongside: true did not start a deployment');
    assert.deepStrictEqual(alongside.prompts, []);
  });

  test('re-marking a started phase keeps it unless the restart is confirmed', async () => {
    const uri = await startRecord();
    assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.markPlanning'), 'marked');
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = readParsed(uri).phases.find((p) => p.name === 'Planning')?.startLine;
    assert.ok(line !== undefined);
    const oldStart = '- **Planning Start**: 2020-01-01T00:00:00+00:00';
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, doc.lineAt(line).range, oldStart);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save());

    assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.markPlanning', { confirmRestart: false }), 'kept');
    assert.strictEqual(readParsed(uri).phases.find((p) => p.name === 'Planning')?.start?.raw, '2020-01-01T00:00:00+00:00');

    assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.markPhase', { phase: 'Planning', confirmRestart: true }), 'marked');
    const restarted = readParsed(uri).phases.find((p) => p.name === 'Planning')?.start;
    assert.ok(restarted && restarted.epochMs > Date.parse('2021-01-01T00:00:00Z'), 'the restart did not write a new start time');
  });

  test('adds an issue to the Issues & Resolutions Log', async () => {
    const uri = await startRecord();
    assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.addIssue', {
      title: 'SSH agent lost keys', phase: 'Execution', impact: 'High', description: 'ssh-add after WSL restart'
    }), true);
    const issues = readParsed(uri).issues;
    assert.strictEqual(issues.length, 1);
    assert.strictEqual(issues[0].title, 'SSH agent lost keys');
    assert.strictEqual(issues[0].phase, 'Execution');
    assert.strictEqual(issues[0].impact, 'High');
  });

  test('Add Issue says that Escape on the optional description cancels the issue, and Enter adds it without one', async () => {
    const uri = await startRecord();
    const user = (description: string | undefined) => (prompt: Prompt) =>
      ({ quickPick: prompt.placeHolder === 'Impact' ? 'High' : 'Execution', inputBox: prompt.title?.endsWith('(1/4)') ? 'Health check flapped' : description } as Record<string, string | undefined>)[prompt.kind];

    const escaped = await withPrompts(user(undefined), () => vscode.commands.executeCommand('deploymentRecords.addIssue'));
    assert.strictEqual(escaped.result, false);
    assert.strictEqual(readParsed(uri).issues.length, 0);
    const last = escaped.prompts[escaped.prompts.length - 1];
    assert.match(last.title ?? '', /\(4\/4\)$/);
    assert.match(last.prompt ?? '', /Enter to skip; Escape cancels adding the issue/);

    const skipped = await withPrompts(user(''), () => vscode.commands.executeCommand('deploymentRecords.addIssue'));
    assert.strictEqual(skipped.result, true);
    assert.deepStrictEqual(readParsed(uri).issues.map((i) => [i.title, i.phase, i.impact]), [['Health check flapped', 'Execution', 'High']]);
  });

  test('commits the record only, with its outcome, and leaves other staged changes staged', async () => {
    const uri = await startRecord();
    await vscode.commands.executeCommand('deploymentRecords.finishDeployment', { outcome: 'succeeded' });
    const id = readParsed(uri).id;
    const other = path.join(workspaceRoot(), 'unrelated-change.txt');
    fs.writeFileSync(other, 'staged by the operator, not part of the record\n');
    git('add', 'unrelated-change.txt');
    try {
      assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.commitRecord', { uri: uri.toString() }), 'committed');
      assert.strictEqual(git('log', '-1', '--format=%s').trim(), `docs: deployment record ${id} (succeeded)`);
      assert.deepStrictEqual(git('show', '--name-only', '--format=', 'HEAD').trim(), path.relative(workspaceRoot(), uri.fsPath).split(path.sep).join('/'));
      assert.strictEqual(git('diff', '--cached', '--name-only').trim(), 'unrelated-change.txt');
    } finally {
      git('rm', '--cached', '--quiet', 'unrelated-change.txt');
      fs.rmSync(other, { force: true });
    }
  });

  test('refuses to commit a record in a gitignored folder, and names the file and the .gitignore rule', async () => {
    const { uri, relative } = untrackedRecord('01');
    const ignoreFile = path.join(workspaceRoot(), 'deployments', '.gitignore');
    fs.writeFileSync(ignoreFile, 'checklists/*.md\n');
    const head = git('rev-parse', 'HEAD');
    try {
      assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.commitRecord', { uri: uri.toString() }), 'ignored');
      assert.strictEqual(git('rev-parse', 'HEAD'), head, 'something was committed');
      assert.strictEqual(git('diff', '--cached', '--name-only'), '', 'something was staged');
      await untilNotificationShows(`${relative} is ignored by git (rule “checklists/*.md” in deployments/.gitignore, line 1), so it was not committed. Check your .gitignore`);
    } finally {
      fs.rmSync(ignoreFile, { force: true });
    }
  });

  test('when a pre-commit hook refuses, unstages the record, leaves other staged files staged, and shows what the hook said', async () => {
    const { uri, relative } = untrackedRecord('02');
    const other = path.join(workspaceRoot(), 'unrelated-change.txt');
    fs.writeFileSync(other, 'staged by the operator, not part of the record\n');
    git('add', 'unrelated-change.txt');
    const hook = path.join(workspaceRoot(), '.git', 'hooks', 'pre-commit');
    fs.writeFileSync(hook, "#!/bin/sh\necho 'markdownlint: MD022 headings need blank lines'\necho 'second line'\nexit 1\n", { mode: 0o755 });
    const head = git('rev-parse', 'HEAD');
    try {
      // The refusal is an error message, so the command itself resolves to undefined.
      assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.commitRecord', { uri: uri.toString() }), undefined);
      assert.strictEqual(git('rev-parse', 'HEAD'), head, 'something was committed');
      assert.strictEqual(git('diff', '--cached', '--name-only').trim(), 'unrelated-change.txt');
      assert.strictEqual(git('status', '--porcelain', '--', relative).trim(), `?? ${relative}`);
      await untilNotificationShows('The pre-commit hook refused the commit of DEP-2098-01-01-00-02');
      await untilNotificationShows('“markdownlint: MD022 headings need blank lines”. Nothing was committed. The index is as it was before');
    } finally {
      fs.rmSync(hook, { force: true });
      git('rm', '--cached', '--quiet', 'unrelated-change.txt');
      fs.rmSync(other, { force: true });
    }
  });

  test('waits for a pre-commit hook that works in silence, under a notification that can cancel it, then commits the record', async () => {
    const { uri, relative } = untrackedRecord('03');
    const hook = installBlockingHook(path.join(workspaceRoot(), '.git', 'hooks'), 'pre-commit');
    try {
      // The hook finishes only once the user could see that the commit is running, and could stop it.
      const { result, prompts } = await withPrompts(async (prompt) => {
        if (prompt.kind === 'progress') {
          await hook.started();
          hook.release();
        }
        return undefined;
      }, () => vscode.commands.executeCommand('deploymentRecords.commitRecord', { uri: uri.toString() }));
      assert.strictEqual(result, 'committed');
      assert.strictEqual(git('log', '-1', '--format=%s').trim(), 'docs: deployment record DEP-2098-01-01-00-03 (succeeded)');
      assert.strictEqual(git('status', '--porcelain', '--', relative), '');
      const progress = prompts.find((p) => p.kind === 'progress');
      assert.deepStrictEqual([progress?.title, progress?.choices, progress?.reports],
        ['Committing DEP-2098-01-01-00-03…', ['Cancel'], ["running the repository's hooks (pre-commit)"]]);
      assert.match(prompts.find((p) => p.kind === 'information')?.message ?? '', /^Committed DEP-2098-01-01-00-03 \([0-9a-f]{7}\)\. Other staged changes were left staged\.$/);
    } finally {
      hook.dispose();
    }
  });

  test('Cancel on the commit notification stops the hook, commits nothing, unstages the record and says so', async () => {
    const { uri, relative } = untrackedRecord('04');
    const other = path.join(workspaceRoot(), 'unrelated-change.txt');
    fs.writeFileSync(other, 'staged by the operator, not part of the record\n');
    git('add', 'unrelated-change.txt');
    const hook = installBlockingHook(path.join(workspaceRoot(), '.git', 'hooks'), 'pre-commit');
    const head = git('rev-parse', 'HEAD');
    try {
      const { result, prompts } = await withPrompts(async (prompt) => {
        if (prompt.kind === 'progress') {
          await hook.started();
          return 'Cancel';
        }
        return undefined;
      }, () => vscode.commands.executeCommand('deploymentRecords.commitRecord', { uri: uri.toString() }));
      assert.strictEqual(result, 'cancelled');
      await hook.stopped();
      assert.strictEqual(git('rev-parse', 'HEAD'), head, 'something was committed');
      assert.strictEqual(git('diff', '--cached', '--name-only').trim(), 'unrelated-change.txt');
      assert.strictEqual(git('status', '--porcelain', '--', relative).trim(), `?? ${relative}`);
      assert.deepStrictEqual(prompts.filter((p) => p.kind !== 'progress').map((p) => [p.kind, p.message]), [['information',
        "The commit of DEP-2098-01-01-00-04 was cancelled: git and the repository's hooks were stopped. Nothing was committed. The index is as it was before."]]);
    } finally {
      hook.dispose();
      git('rm', '--cached', '--quiet', 'unrelated-change.txt');
      fs.rmSync(other, { force: true });
    }
  });

  test('Finish run from the Deployments view or the CodeLens offers to commit the record, and a scripted Finish asks nothing', async () => {
    const uri = await startRecord();
    const id = readParsed(uri).id;
    // The view and the CodeLens pass the record, and the user picks the outcome.
    const answers = (prompt: Prompt) => ({ quickPick: 'Failed', inputBox: '', information: 'Commit Record' } as Record<string, string>)[prompt.kind];
    const { result, prompts } = await withPrompts(answers,
      () => vscode.commands.executeCommand('deploymentRecords.finishDeployment', { uri }));
    assert.strictEqual(result, 'failed');
    const offer = prompts.find((p) => p.kind === 'information');
    assert.deepStrictEqual([offer?.message, offer?.choices], [`${id} finished: Failed.`, ['Commit Record']]);
    await until('the record is committed', () => git('log', '-1', '--format=%s').trim() === `docs: deployment record ${id} (failed)`);

    const scriptedUri = await startRecord();
    const scripted = await withPrompts(() => undefined,
      () => vscode.commands.executeCommand('deploymentRecords.finishDeployment', { uri: scriptedUri, outcome: 'aborted' }));
    assert.strictEqual(scripted.result, 'aborted');
    assert.deepStrictEqual(scripted.prompts, [], 'a Finish given its outcome prompted');
  });

  test('the editor title offers Finish on a record in progress only, following editor switches, edits and Finish', async function () {
    if (!canInspectRenderedPage()) {
      // @vscode/test-electron cannot read the rendered page; nothing to check there.
      this.skip();
    }
    const finished = await startRecord();
    assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.finishDeployment', { uri: finished, outcome: 'succeeded' }), 'success');
    // Another deployment is in progress meanwhile, as when the button showed on every record.
    const running = await startRecord();
    await untilEditorTitleFinish(1, 'on the record in progress');

    await vscode.window.showTextDocument(finished);
    await untilEditorTitleFinish(0, 'on the finished record');
    await vscode.window.showTextDocument(running);
    await untilEditorTitleFinish(1, 'back on the record in progress');

    // A record is a record by its content, whatever its file is called.
    const renamed = path.join(checklistsFolder(), 'hotfix-notes.md');
    fs.writeFileSync(renamed, fs.readFileSync(running.fsPath, 'utf8'));
    await vscode.window.showTextDocument(vscode.Uri.file(renamed));
    await untilEditorTitleFinish(1, 'on a record in progress whose name does not end in deployment.md');
    await vscode.window.showTextDocument(running);

    // Side by side, each group's title follows its own record, whichever group has focus. An
    // inactive group shows its title's actions only with this setting on.
    const editorSettings = vscode.workspace.getConfiguration('workbench.editor');
    await editorSettings.update('alwaysShowEditorActions', true, vscode.ConfigurationTarget.Global);
    try {
      await vscode.window.showTextDocument(finished, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
      await untilEditorTitleFinish(1, 'with the finished record beside the one in progress');
      await vscode.window.showTextDocument(running, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false });
      await untilEditorTitleFinish(2, 'with the record in progress in both groups');
    } finally {
      await vscode.commands.executeCommand('workbench.action.joinAllGroups');
      await editorSettings.update('alwaysShowEditorActions', undefined, vscode.ConfigurationTarget.Global);
    }
    const editor = await vscode.window.showTextDocument(running);

    // Finished by hand in the editor, not yet saved; then undone.
    const status = [...Array(editor.document.lineCount).keys()].map((i) => editor.document.lineAt(i)).find((line) => line.text.includes('**Success Status**:'));
    assert.ok(status, 'the new record has no Success Status line');
    assert.ok(await editor.edit((b) => b.replace(status.range, '- **Success Status**: ✅ Succeeded')));
    await untilEditorTitleFinish(0, 'once the record reads as finished in the editor');
    await vscode.commands.executeCommand('undo');
    await untilEditorTitleFinish(1, 'once the edit is undone');

    assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.finishDeployment', { uri: running, outcome: 'aborted' }), 'aborted');
    await untilEditorTitleFinish(0, 'once Finish wrote the outcome');
  });

  test('the editor title offers Finish on a record whose checklists folder is a link inside the workspace, opened by the link\'s name', async function () {
    if (!canInspectRenderedPage()) {
      this.skip();
    }
    // The records' paths are spelled as the disk lists them below the workspace folder (which
    // matters where the disk ignores case, not on this Linux host); a link keeps its own name
    // there, as in the Explorer, rather than becoming the folder it leads to.
    const config = vscode.workspace.getConfiguration('deploymentRecords', vscode.workspace.workspaceFolders?.[0]);
    const link = path.join(workspaceRoot(), 'linked-checklists');
    fs.symlinkSync(checklistsFolder(), link, 'dir');
    try {
      await config.update('checklistsFolder', 'linked-checklists', vscode.ConfigurationTarget.WorkspaceFolder);
      const started = await startRecord();
      assert.strictEqual(path.dirname(started.fsPath), link, 'the new record is not named through the link, as the setting names its folder');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      // As the Explorer opens it: the link's name, then the file's.
      await vscode.window.showTextDocument(vscode.Uri.file(path.join(link, path.basename(started.fsPath))));
      await untilEditorTitleFinish(1, 'on the record in progress opened through the link');
      assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.finishDeployment', { uri: started, outcome: 'aborted' }), 'aborted');
      await untilEditorTitleFinish(0, 'once the record reached through the link finished');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await config.update('checklistsFolder', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      fs.rmSync(link, { force: true });
    }
  });

  test('Finish on a record that has already finished says so and changes nothing', async () => {
    const uri = await startRecord();
    assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.finishDeployment', { outcome: 'succeeded' }), 'success');
    const finished = fs.readFileSync(uri.fsPath, 'utf8');

    const { result, prompts } = await withPrompts(() => undefined,
      () => vscode.commands.executeCommand('deploymentRecords.finishDeployment', { uri }));

    assert.strictEqual(result, undefined);
    assert.deepStrictEqual(prompts.map((p) => [p.kind, p.message]),
      [['error', `${readParsed(uri).id} is not in progress: it has already finished. Nothing was changed.`]]);
    assert.strictEqual(fs.readFileSync(uri.fsPath, 'utf8'), finished);
  });

  test('phase and finish commands do nothing when no deployment is active', async () => {
    assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.markPlanning'), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.finishDeployment', { outcome: 'aborted' }), undefined);
    assert.deepStrictEqual(fs.readdirSync(checklistsFolder()), ['.gitkeep']);
  });

  test('detects the environment from the project\'s own folder name, not from the folders above it', async () => {
    const config = vscode.workspace.getConfiguration('deploymentRecords', vscode.workspace.workspaceFolders?.[0]);
    const above = path.basename(path.dirname(workspaceRoot()));
    const own = path.basename(workspaceRoot());
    // Like ~/dev above a project: a folder the project sits in, first in the rules.
    await config.update('environmentRules', [
      { source: 'path', pattern: `/${above}/`, environment: 'development' },
      { source: 'path', pattern: `^/${own}$`, environment: 'staging' }
    ], vscode.ConfigurationTarget.WorkspaceFolder);
    try {
      const { result, prompts } = await withPrompts(() => undefined,
        () => vscode.commands.executeCommand('deploymentRecords.startDeployment'));
      assert.strictEqual(result, undefined);
      const pick = prompts.find((p) => p.kind === 'quickPick');
      assert.strictEqual(pick?.placeHolder, 'Environment (detected: staging)');
      assert.deepStrictEqual([pick.choices[0], pick.descriptions[0]], ['staging', 'detected']);
    } finally {
      await config.update('environmentRules', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    }
  });

  test('a template path outside the workspace is refused and no record is created', async () => {
    const config = vscode.workspace.getConfiguration('deploymentRecords', vscode.workspace.workspaceFolders?.[0]);
    const outsideFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dr-outside-')), 'template.md');
    fs.writeFileSync(outsideFile, '# A template that lives outside the workspace\n');
    const link = path.join(workspaceRoot(), 'linked-template.md');
    fs.symlinkSync(outsideFile, link);
    try {
      for (const outside of ['../../etc/passwd', path.join(path.parse(workspaceRoot()).root, 'etc', 'passwd'), 'linked-template.md']) {
        await config.update('templatePath', outside, vscode.ConfigurationTarget.WorkspaceFolder);
        assert.strictEqual(await vscode.commands.executeCommand('deploymentRecords.startDeployment', { environment: 'production' }), undefined);
        assert.deepStrictEqual(fs.readdirSync(checklistsFolder()), ['.gitkeep'], `a record was created with template ${outside}`);
      }
    } finally {
      await config.update('templatePath', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      fs.rmSync(link, { force: true });
      fs.rmSync(path.dirname(outsideFile), { recursive: true, force: true });
    }
  });

  test('without a workspace folder, commands say to open one', () => {
    const deps = { extensionUri: vscode.Uri.file(workspaceRoot()), deployments: { currentFolder: () => undefined } as unknown as ActiveDeployments };
    assert.throws(() => requireFolder(deps), (error: unknown) =>
      error instanceof UserFacingError && /needs a workspace folder/.test(error.message) && /Open Folder/.test(error.message));
  });
});
