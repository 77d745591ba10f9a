import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

/*
 * What package.json contributes where VS Code, not the extension's code, decides: a
 * keybinding's when clause and the view title's buttons.
 */

const repoRoot = path.join(__dirname, '..', '..', '..');

interface MenuEntry { command: string; when?: string; group?: string }
interface Manifest {
  contributes: {
    commands: { command: string; title: string; icon?: string }[];
    menus: Record<string, MenuEntry[]>;
    keybindings: { command: string; key: string; mac?: string; when?: string }[];
  };
}

function manifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
}

/** A when clause's conjuncts, for a clause made only of `&&`. */
function conjuncts(when: string | undefined): string[] {
  assert.ok(when, 'the entry has no when clause');
  assert.doesNotMatch(when, /\|\||\(/, 'the clause is not a plain conjunction: check it by hand');
  return when.split('&&').map((part) => part.trim());
}

describe('package.json contributions', () => {
  it('Cycle Checklist Item Status leaves Ctrl+Alt+Enter to Replace All while the find widget is open', () => {
    const bindings = manifest().contributes.keybindings.filter((b) => b.command === 'deploymentRecords.cycleItemStatus');
    assert.equal(bindings.length, 1);
    const [binding] = bindings;
    assert.equal(binding.key, 'ctrl+alt+enter');
    assert.equal(binding.mac, 'cmd+alt+enter');
    // VS Code's Replace All (editor.action.replaceAll) has the same key when findWidgetVisible.
    const parts = conjuncts(binding.when);
    assert.ok(parts.includes('!findWidgetVisible'), `the when clause does not exclude the find widget: ${binding.when}`);
    assert.ok(parts.includes('editorTextFocus') && parts.includes('editorLangId == markdown') && parts.includes('!editorReadonly'), binding.when);
  });

  it('the Deployments view title shows Show Analytics after Start Deployment, with its icon', () => {
    const { commands, menus } = manifest().contributes;
    const title = menus['view/title'].filter((entry) => conjuncts(entry.when).includes('view == deploymentRecords.deployments'));
    assert.deepEqual(title.map((entry) => [entry.command, entry.group]), [
      ['deploymentRecords.startDeployment', 'navigation@1'],
      ['deploymentRecords.showAnalytics', 'navigation@2']
    ]);
    assert.equal(commands.find((c) => c.command === 'deploymentRecords.showAnalytics')?.icon, '$(graph)', 'the button would show as text');
  });
});
