import * as assert from 'assert';
import * as vscode from 'vscode';
import { activatedExtension, unregisteredCommands } from '../extensionUnderTest';

suite('Restricted mode', () => {
  test('the test folder really is untrusted', () => {
    assert.strictEqual(vscode.workspace.isTrusted, false, 'the restricted suite ran in a trusted workspace');
  });

  test('activates and offers every command in an untrusted workspace', async () => {
    const extension = await activatedExtension();
    assert.strictEqual(extension.isActive, true);
    assert.deepStrictEqual(await unregisteredCommands(extension), []);
  });
});
