import * as assert from 'assert';
import * as vscode from 'vscode';
import { panelApi } from './analyticsPanelDriver';
import { activatedExtension, contributedCommands, menuItemsShown, unregisteredCommands } from './extensionUnderTest';
import { actOnRendered, canInspectRenderedPage, inspectRendered } from './runnerBridge';
import { until } from './testWorkspace';

suite('Extension activation', () => {
  test('activates in a workspace with a deployments folder', async () => {
    const extension = await activatedExtension();
    assert.strictEqual(extension.isActive, true);
  });

  test('registers every command listed in the command palette', async () => {
    const extension = await activatedExtension();
    assert.ok(contributedCommands(extension).length > 0, 'package.json contributes no commands');
    assert.deepStrictEqual(
      await unregisteredCommands(extension),
      [],
      'commands shown in the palette but not registered by activate()'
    );
  });

  test('the Deployments view title has Start Deployment, then a Show Analytics button that opens the panel', async () => {
    const extension = await activatedExtension();
    const shown = menuItemsShown(extension, 'view/title', { view: 'deploymentRecords.deployments' });
    assert.deepStrictEqual(shown.map((item) => [item.command, item.group]), [
      ['deploymentRecords.startDeployment', 'navigation@1'],
      ['deploymentRecords.showAnalytics', 'navigation@2']
    ]);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(shown.every((item) => registered.has(item.command)), 'a title button runs a command activate() did not register');
    if (!canInspectRenderedPage()) {
      return;
    }
    const panels = await panelApi();
    panels.current?.dispose();
    await vscode.commands.executeCommand('deploymentRecords.deployments.focus');
    const button = '.pane-header .actions a.action-label[aria-label="Show Analytics"]';
    await until('the Deployments view title shows Show Analytics', async () => ((await inspectRendered(button)) ?? []).some((frame) => frame.elements.length === 1) || undefined);
    try {
      assert.ok(await actOnRendered('click', button), 'the Show Analytics button could not be clicked');
      await until('the analytics panel opens', () => panels.current !== undefined || undefined);
    } finally {
      panels.current?.dispose();
    }
  });
});
