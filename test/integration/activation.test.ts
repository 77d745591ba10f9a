import * as assert from 'assert';
import { activatedExtension, contributedCommands, unregisteredCommands } from './extensionUnderTest';

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
});
