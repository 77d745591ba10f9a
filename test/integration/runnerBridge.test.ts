import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { canInspectRenderedPage, queryRenderedText, takeScreenshot } from './runnerBridge';

/** Resolves once `condition()` holds, polling until the deadline. */
async function eventually(condition: () => Promise<boolean>, what: string, deadlineMs = 20_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

suite('Test runner bridge (what the user sees in the page)', function () {
  let panel: vscode.WebviewPanel | undefined;

  teardown(() => panel?.dispose());

  test('reads text a webview renders, and saves a screenshot of it', async function () {
    if (!canInspectRenderedPage()) {
      // @vscode/test-electron cannot read the rendered page; nothing to check there.
      this.skip();
    }
    panel = vscode.window.createWebviewPanel('deploymentRecords.bridgeCheck', 'Bridge check', vscode.ViewColumn.One, {});
    panel.webview.html =
      '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\';"></head>' +
      '<body><h1 id="bridge-check">Rendered by a webview</h1></body></html>';

    let texts: string[] | undefined;
    await eventually(async () => {
      texts = await queryRenderedText('#bridge-check');
      return (texts ?? []).length > 0;
    }, 'the webview heading to render');
    assert.deepStrictEqual(texts, ['Rendered by a webview']);

    const screenshot = await takeScreenshot('runner-bridge-check');
    assert.ok(screenshot && fs.statSync(screenshot).size > 0, 'the screenshot file is empty');
  });
});
