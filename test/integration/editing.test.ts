import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import MarkdownIt from 'markdown-it';
import * as vscode from 'vscode';
import { parseRecord } from '../../src/core/record/recordParser';
import { activatedExtension } from './extensionUnderTest';
import { queryRenderedText } from './runnerBridge';
import { until, workspaceRoot } from './testWorkspace';

type StatusLines = Record<'done' | 'failed' | 'inProgress' | 'skipped' | 'blocked' | 'pending', number[]>;

const created: string[] = [];

/** Closes every editor, discarding changes: a save prompt would block the suites that follow. */
async function closeAllWithoutSaving(): Promise<void> {
  for (let i = 0; i < 100 && vscode.window.visibleTextEditors.length > 0; i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Writes a file under the workspace (removed after the suite) and opens it in an editor. */
async function openFile(relative: string, text: string): Promise<vscode.TextEditor> {
  const file = path.join(workspaceRoot(), relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  created.push(file);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  return vscode.window.showTextDocument(doc, { preview: false });
}

function decorationsFor(editor: vscode.TextEditor): Thenable<{ decorated: boolean; lines: StatusLines } | undefined> {
  return vscode.commands.executeCommand('deploymentRecords._decorationsFor', editor.document.uri.toString());
}

const STEPS = [
  '# Release 42',
  '',
  '## Steps',
  '',
  '- [x] **Plan reviewed**',
  '- ❌ **Smoke tests**',
  '- [🔄] **Rollout**',
  '- ⏭️ **Optional step**',
  '- [⚠️] **Blocked step**',
  '- [ ] **Announce**',
  '- plain bullet',
  '```',
  '- [x] inside code',
  '```',
  ''
].join('\n');

function recordText(options: { start: string; status: string; planningStart?: string }): string {
  return [
    '## Deployment Metadata',
    '',
    `- **Deployment ID**: DEP-${options.start.slice(0, 16).replace(/[ :T]/g, '-')}`,
    `- **Start Time**: ${options.start}`,
    '- **Operator**: tests',
    '- **Environment**: staging',
    '',
    '## Deployment Metrics',
    '',
    `- **Planning Start**: ${options.planningStart ?? '[PENDING]'}`,
    '- **Planning Duration**: [PENDING]',
    '- **Execution Start**: [PENDING]',
    '- **Execution Duration**: [PENDING]',
    '- **Validation Start**: [PENDING]',
    '- **Validation Duration**: [PENDING]',
    '- **End Time**: [PENDING]',
    '- **Total Duration**: [PENDING]',
    `- **Success Status**: ${options.status}`,
    '',
    '---',
    '',
    '## Steps',
    '',
    '- [x] **Plan reviewed**',
    '- [ ] **Deploy**',
    '- ❌ **Smoke tests**',
    ''
  ].join('\n');
}

suite('Editing checklists', () => {
  suiteSetup(async () => {
    await activatedExtension();
  });

  suiteTeardown(async () => {
    await closeAllWithoutSaving();
    for (const file of created) {
      fs.rmSync(file, { force: true });
    }
  });

  suite('status decorations', () => {
    test('highlights each checklist line of a record by its status, leaving code and plain bullets alone', async () => {
      const editor = await openFile('deployments/checklists/editing-decorations.md', STEPS);
      const shown = await until('the record is decorated', async () => (await decorationsFor(editor))?.decorated && decorationsFor(editor));
      assert.deepStrictEqual(shown?.lines, { done: [4], failed: [5], inProgress: [6], skipped: [7], blocked: [8], pending: [9] });
    });

    test('follows edits while typing', async () => {
      const editor = await openFile('deployments/checklists/editing-typing.md', STEPS);
      await until('the record is decorated', async () => (await decorationsFor(editor))?.decorated);
      await editor.edit((builder) => builder.replace(new vscode.Range(9, 2, 9, 5), '✅'));
      const shown = await until('the edited line shows as done', async () => {
        const current = await decorationsFor(editor);
        return current?.lines.done.includes(9) && current;
      });
      assert.deepStrictEqual(shown.lines.pending, []);
    });

    test('leaves the action items of Lessons Learned uncoloured and out of the CodeLens progress', async () => {
      const text = [
        '## Take-Off 🛫', //                                 0
        '- [x] **Deploy**', //                              1
        '## 📚 Lessons Learned & Improvements', //          2
        '### Action Items for Next Deployment 📋', //       3
        '- [ ] **HIGH** Set up SSH key authentication', //  4
        '- ❌ **MEDIUM** Retry the failed backup job', //    5
        '## Mission Complete 🎯', //                         6
        '- [ ] **Record committed**', //                    7
        ''
      ].join('\n');
      const editor = await openFile('deployments/checklists/editing-lessons.md', text);
      const shown = await until('the record is decorated', async () => (await decorationsFor(editor))?.decorated && decorationsFor(editor));
      assert.deepStrictEqual(shown?.lines, { done: [1], failed: [], inProgress: [], skipped: [], blocked: [], pending: [7] });
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 10);
      assert.deepStrictEqual(lenses.filter((l) => l.range.start.line === 0).map((l) => l.command?.title), ['1/2 done']);
    });

    test('leaves markdown that is not a record undecorated', async () => {
      const editor = await openFile('notes/editing-notes.md', '# Shopping\n\n- [x] milk\n- ❌ eggs\n');
      const shown = await until('the notes were looked at', () => decorationsFor(editor));
      assert.strictEqual(shown.decorated, false);
    });

    test('decorates any markdown file with a Deployment Metadata section', async () => {
      const editor = await openFile('notes/editing-elsewhere.md', '## Deployment Metadata\n\n## Steps\n\n- [x] milk\n');
      const shown = await until('the record outside the folder is decorated', async () => (await decorationsFor(editor))?.decorated && decorationsFor(editor));
      assert.deepStrictEqual(shown?.lines.done, [4]);
    });
  });

  suite('markdown preview', () => {
    test('reads the checklists folder from the rendered document\'s own workspace folder', async () => {
      const extension = await activatedExtension();
      const extend = (extension.exports as { extendMarkdownIt?: (md: MarkdownIt) => MarkdownIt }).extendMarkdownIt;
      assert.ok(extend, 'activate() returns extendMarkdownIt');
      const folder = vscode.workspace.workspaceFolders?.[0];
      const config = vscode.workspace.getConfiguration('deploymentRecords', folder);
      const document = vscode.Uri.file(path.join(workspaceRoot(), 'ops', 'runs', 'preview-runbook.md'));
      // No Deployment Metadata heading: only the folder makes this a record.
      const render = () => extend(new MarkdownIt()).render('# Runbook\n\n- [x] Step\n', { currentDocument: document });
      assert.doesNotMatch(render(), /dr-status-done/, 'not a record while the folder is the default one');
      await config.update('checklistsFolder', 'ops/runs', vscode.ConfigurationTarget.WorkspaceFolder);
      try {
        const html = await until('the folder setting reaches the preview', () => /dr-status-done/.test(render()) && render());
        assert.match(html, /class="dr-progress"/);
      } finally {
        await config.update('checklistsFolder', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      }
    });
  });

  suite('placeholder warnings', () => {
    test('lists unfilled placeholders in the Problems panel and fills a time field with the current time', async () => {
      const editor = await openFile('deployments/checklists/editing-placeholders.md', [
        '## Deployment Metadata',
        '',
        '- **Start Time**: 2026-01-05 10:00:00',
        '',
        '## Deployment Metrics',
        '',
        '- **Planning Start**: [AUTO-FILLED]',
        '- **Planning Duration**: [PENDING]',
        '',
        '### Issue #1: [TITLE]',
        '- **Root Cause**:',
        ''
      ].join('\n'));
      const uri = editor.document.uri;
      const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Deployment Records');
      const diagnostics = await until('the placeholders are reported', () => ours().length === 4 && ours());
      assert.deepStrictEqual(diagnostics.map((d) => [d.range.start.line, d.severity]), [
        [6, vscode.DiagnosticSeverity.Warning],
        [7, vscode.DiagnosticSeverity.Warning],
        [9, vscode.DiagnosticSeverity.Warning],
        [10, vscode.DiagnosticSeverity.Warning]
      ]);

      const planningStart = diagnostics[0];
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, planningStart.range);
      const fill = actions.find((a) => a.title.startsWith('Fill in the current time'));
      assert.ok(fill?.edit, `no time quick fix among: ${actions.map((a) => a.title).join(', ')}`);
      const noTimeFix = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostics[1].range);
      assert.ok(!noTimeFix.some((a) => a.title.startsWith('Fill in the current time')), 'a duration is not a time');

      assert.ok(await vscode.workspace.applyEdit(fill.edit));
      assert.match(editor.document.lineAt(6).text, /^- \*\*Planning Start\*\*: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
      await until('the filled field is no longer reported', () => ours().length === 3);
    });
  });

  suite('cycle checklist item status', () => {
    teardown(closeAllWithoutSaving);

    /** In the style of Markdown All in One's testCommand: lines and selection in, lines and selection out. */
    async function testCommand(
      lines: string[], selection: [number, number, number, number],
      expectedLines: string[], expectedSelection: [number, number, number, number]
    ): Promise<vscode.TextEditor> {
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: lines.join('\n') });
      const editor = await vscode.window.showTextDocument(doc);
      editor.selection = new vscode.Selection(selection[0], selection[1], selection[2], selection[3]);
      await vscode.commands.executeCommand('deploymentRecords.cycleItemStatus');
      assert.deepStrictEqual(doc.getText().split('\n'), expectedLines);
      const s = editor.selection;
      assert.deepStrictEqual([s.anchor.line, s.anchor.character, s.active.line, s.active.character], expectedSelection);
      return editor;
    }

    test('moves a pending box to in progress and keeps the cursor on its word', async () => {
      await testCommand(['- [ ] **Deploy**: apply'], [0, 10, 0, 10], ['- [🔄] **Deploy**: apply'], [0, 11, 0, 11]);
    });

    test('goes pending → in progress → done → failed → skipped → pending', async () => {
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: '- [ ] step' });
      const editor = await vscode.window.showTextDocument(doc);
      const seen: string[] = [];
      for (let i = 0; i < 5; i++) {
        editor.selection = new vscode.Selection(0, 0, 0, 0);
        await vscode.commands.executeCommand('deploymentRecords.cycleItemStatus');
        seen.push(doc.lineAt(0).text);
      }
      assert.deepStrictEqual(seen, ['- [🔄] step', '- [x] step', '- [❌] step', '- [⏭️] step', '- [ ] step']);
    });

    test('cycles emoji markers on every selected line and keeps the selection around them', async () => {
      await testCommand(
        ['- ✅ a', '- [x] b', '- ❌ c', 'after'],
        [0, 0, 2, 5],
        ['- ❌ a', '- [❌] b', '- ⏭️ c', 'after'],
        [0, 0, 2, 6]
      );
    });

    test('does not take in the line where a selection ends at column 0', async () => {
      await testCommand(['- [ ] a', '- [ ] b'], [0, 0, 1, 0], ['- [🔄] a', '- [ ] b'], [0, 0, 1, 0]);
    });

    test('turns a plain line into a pending item', async () => {
      await testCommand(['Call the on-call engineer'], [0, 5, 0, 5], ['- [ ] Call the on-call engineer'], [0, 11, 0, 11]);
    });

    test('undoes a multi-line cycle in one step', async () => {
      const editor = await testCommand(['- [ ] a', '- [x] b'], [0, 0, 1, 7], ['- [🔄] a', '- [❌] b'], [0, 0, 1, 7]);
      await vscode.commands.executeCommand('undo');
      assert.strictEqual(editor.document.getText(), '- [ ] a\n- [x] b');
    });

    /** A finished record: headings, fields, a step, a code block and an issue. */
    const FINISHED = [
      '## Deployment Metadata', //                 0
      '- **Operator**: ada', //                    1
      '## Deployment Metrics', //                  2
      '- **Success Status**: ✅ Succeeded', //      3
      '## Take-Off', //                            4
      '- [ ] **Deploy**: apply', //                5
      '```bash', //                                6
      'terraform apply', //                        7
      '```', //                                    8
      '## 🚨 Issues & Resolutions Log', //         9
      '### Issue #1: SSH agent lost keys', //      10
      '- **Resolution**: ssh-add again', //        11
      '## 📚 Lessons Learned', //                  12
      '### Action Items for Next Deployment', //   13
      '- [ ] **HIGH** Set up SSH keys' //          14
    ];

    /** Resolves once the status bar shows `text`; skipped where the runner cannot read the page. */
    async function untilStatusBarShows(text: string): Promise<void> {
      if ((await queryRenderedText('.statusbar-item')) === undefined) {
        return;
      }
      await until(`the status bar to show “${text}”`, async () => (await queryRenderedText('.statusbar-item'))?.some((t) => t.includes(text)));
    }

    async function cycleAt(lines: string[], cursors: number[]): Promise<{ editor: vscode.TextEditor; versionBefore: number; result: { changed: boolean; message?: string } }> {
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: lines.join('\n') });
      const editor = await vscode.window.showTextDocument(doc);
      editor.selections = cursors.map((line) => new vscode.Selection(line, 3, line, 3));
      const versionBefore = doc.version;
      const result = await vscode.commands.executeCommand<{ changed: boolean; message?: string }>('deploymentRecords.cycleItemStatus');
      return { editor, versionBefore, result };
    }

    test('leaves a heading, a metadata or metrics field, a code line, an issue field and an action item as they are, and says why', async () => {
      const cases: [number, string][] = [
        [2, 'line 3 is a heading'],
        [3, 'line 4 is in “Deployment Metrics”, which holds fields, not steps'],
        [1, 'line 2 is in “Deployment Metadata”, which holds fields, not steps'],
        [7, 'line 8 is in a code block'],
        [11, 'line 12 is part of Issue #1, which holds fields, not steps'],
        [14, 'line 15 is in “📚 Lessons Learned”, which holds lessons and action items for the next deployment, not steps']
      ];
      for (const [line, why] of cases) {
        const { editor, versionBefore, result } = await cycleAt(FINISHED, [line]);
        assert.strictEqual(editor.document.getText(), FINISHED.join('\n'), `line ${line + 1} (${FINISHED[line]}) was changed`);
        assert.strictEqual(editor.document.version, versionBefore, `line ${line + 1} was edited, even if back to the same text`);
        assert.ok(result.message?.includes(why), `message for line ${line + 1}: ${result.message}`);
        await untilStatusBarShows(why);
        await closeAllWithoutSaving();
      }
    });

    test('keeps a finished record finished when the cursor is on its Success Status', async () => {
      const { editor } = await cycleAt(FINISHED, [3]);
      assert.strictEqual(parseRecord(editor.document.getText()).outcome, 'success');
    });

    test('with several cursors, cycles the steps, leaves the rest, and undoes in one step', async () => {
      const { editor, result } = await cycleAt(FINISHED, [3, 5, 7]);
      const expected = [...FINISHED];
      expected[5] = '- [🔄] **Deploy**: apply';
      assert.deepStrictEqual(editor.document.getText().split('\n'), expected);
      assert.strictEqual(result.message, 'Cycled 1 step; left 2 lines as they were: line 4 is in “Deployment Metrics”, which holds fields, not steps; line 8 is in a code block.');
      await untilStatusBarShows('Cycled 1 step; left 2 lines as they were');
      await vscode.commands.executeCommand('undo');
      assert.strictEqual(editor.document.getText(), FINISHED.join('\n'));
    });
  });

  suite('progress CodeLens', () => {
    async function lensTitles(uri: vscode.Uri): Promise<{ title: string; command: string }[]> {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
      return lenses.filter((l) => l.range.start.line === 0 && l.command).map((l) => ({ title: l.command!.title, command: l.command!.command }));
    }

    test('shows progress and the next phase action on the active deployment', async () => {
      const editor = await openFile('deployments/checklists/2099-02-01-10-00-deployment.md',
        recordText({ start: '2099-02-01 10:00:00', status: '🔄 In progress', planningStart: '2099-02-01 10:01:00' }));
      const titles = await until('the active record has its next-phase lens', async () => {
        const current = await lensTitles(editor.document.uri);
        return current.length === 2 && current;
      });
      assert.strictEqual(titles[0].title, '1/3 done · 1 failed');
      assert.deepStrictEqual(titles[1], { title: '$(debug-continue) Mark Execution Phase', command: 'deploymentRecords.markExecution' });
    });

    test('shows only the progress on a finished record', async () => {
      const editor = await openFile('deployments/checklists/2099-01-15-09-30-deployment.md',
        recordText({ start: '2099-01-15 09:30:00', status: '✅ Succeeded' }));
      const titles = await until('the finished record has its lens', async () => {
        const current = await lensTitles(editor.document.uri);
        return current.length > 0 && current;
      });
      assert.deepStrictEqual(titles.map((t) => t.title), ['1/3 done · 1 failed']);
    });
  });

  suite('Deployments view', () => {
    interface Node { label: string; description?: string; icon?: string; contextValue?: string; uri?: string; children: Node[] }

    test('lists records newest first by month, with outcome icons and the active one marked', async () => {
      const dir = path.join(workspaceRoot(), 'deployments', 'checklists');
      for (const [name, start, status] of [
        ['2099-03-02-08-00-deployment.md', '2099-03-02 08:00:00', '🔄 In progress'],
        ['2099-03-01-08-00-deployment.md', '2099-03-01 08:00:00', '❌ Failed'],
        ['2098-12-24-08-00-deployment.md', '2098-12-24 08:00:00', '✅ Succeeded']
      ]) {
        fs.writeFileSync(path.join(dir, name), recordText({ start, status }));
        created.push(path.join(dir, name));
      }
      const tree = await until('the view shows the new records', async () => {
        const nodes = await vscode.commands.executeCommand<Node[]>('deploymentRecords._deploymentsTree');
        return nodes.some((n) => n.label === 'December 2098') && nodes.some((n) => n.label === 'March 2099' && n.children.length === 2) && nodes;
      });
      const labels = tree.map((n) => n.label);
      assert.ok(labels.indexOf('March 2099') < labels.indexOf('February 2099'), labels.join(', '));
      assert.ok(labels.indexOf('January 2099') < labels.indexOf('December 2098'), labels.join(', '));

      const march = tree.find((n) => n.label === 'March 2099')!;
      assert.deepStrictEqual(march.children.map((c) => [c.label, c.icon, c.contextValue]), [
        ['DEP-2099-03-02-08-00', 'record', 'deploymentRecord.active'],
        ['DEP-2099-03-01-08-00', 'error', 'deploymentRecord']
      ]);
      assert.match(march.children[0].description ?? '', /^active/);
      const december = tree.find((n) => n.label === 'December 2098')!;
      assert.strictEqual(december.children[0].icon, 'pass');
    });

    test('opens a record from its context menu command', async () => {
      const file = path.join(workspaceRoot(), 'deployments', 'checklists', '2099-03-01-08-00-deployment.md');
      await closeAllWithoutSaving();
      await vscode.commands.executeCommand('deploymentRecords.openRecord', { uri: vscode.Uri.file(file) });
      assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, vscode.Uri.file(file).fsPath);
    });
  });
});
