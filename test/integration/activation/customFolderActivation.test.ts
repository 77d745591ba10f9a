import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../extensionUnderTest';
import { canInspectRenderedPage, queryRenderedText } from '../runnerBridge';
import { until } from '../testWorkspace';

/** Must match CUSTOM_FOLDER_DEPLOYMENT_ID in test/host/testWorkspace.js. */
const DEPLOYMENT_ID = 'DEP-CUSTOM-FOLDER';

suite('Activation with records in a folder the settings name', () => {
  test('VS Code activates the extension, with no markdown file open, and the status bar shows the running deployment', async function () {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `VS Code did not load ${EXTENSION_ID}`);
    // Nothing here activates it (no activate() call, no markdown editor): only the
    // workspace's contents can, as after a window reload.
    assert.strictEqual(vscode.window.visibleTextEditors.length, 0, 'an editor is open, which could activate the extension by itself');
    await until('the workspace activates the extension', () => extension.isActive);
    if (!canInspectRenderedPage()) {
      this.skip(); // no runner to read the status bar (the electron host)
    }
    await until('the status bar shows the running deployment', async () =>
      ((await queryRenderedText('.statusbar-item')) ?? []).some((text) => text.includes(DEPLOYMENT_ID))
    );
  });
});
