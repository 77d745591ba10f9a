import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

/** `publisher.name` from package.json. */
export const EXTENSION_ID = 'deployment-records.deployment-records';

export interface ContributedCommand {
  command: string;
  title: string;
}

/** The extension, activated; fails the test when VS Code did not load it. */
export async function activatedExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `VS Code did not load ${EXTENSION_ID}`);
  await extension.activate();
  return extension;
}

/** The commands package.json contributes, read from the extension VS Code actually loaded. */
export function contributedCommands(extension: vscode.Extension<unknown>): ContributedCommand[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(extension.extensionPath, 'package.json'), 'utf8'));
  return manifest.contributes?.commands ?? [];
}

/** Contributed commands that activate() did not register, as `id (title)` for a readable diff. */
export async function unregisteredCommands(extension: vscode.Extension<unknown>): Promise<string[]> {
  const registered = new Set(await vscode.commands.getCommands(true));
  return contributedCommands(extension)
    .filter((entry) => !registered.has(entry.command))
    .map((entry) => `${entry.command} (${entry.title})`);
}

/** An entry of a menu package.json contributes (`view/item/context`, `editor/title`…). */
export interface ContributedMenuItem {
  command: string;
  when?: string;
  group?: string;
}

/**
 * Whether a `when` clause holds in `context`. Reads the clauses this extension writes (terms
 * `key == value` and `key =~ /regex/`, joined by `&&`) and fails on anything else, so that a
 * clause it cannot read is never taken for true or false.
 */
function whenHolds(when: string | undefined, context: Readonly<Record<string, string>>): boolean {
  return (when ?? '').split('&&').map((term) => term.trim()).filter((term) => term !== '').every((term) => {
    const equals = /^([\w.]+)\s*==\s*(\S+)$/.exec(term);
    if (equals) {
      return context[equals[1]] === equals[2];
    }
    const matches = /^([\w.]+)\s*=~\s*\/(.*)\/([a-z]*)$/.exec(term);
    if (matches) {
      return new RegExp(matches[2], matches[3]).test(context[matches[1]] ?? '');
    }
    throw new Error(`the tests cannot read the when clause term “${term}”`);
  });
}

/** The entries of `menu` that package.json shows where `context` holds, read from the extension VS Code loaded. */
export function menuItemsShown(extension: vscode.Extension<unknown>, menu: string, context: Readonly<Record<string, string>>): ContributedMenuItem[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(extension.extensionPath, 'package.json'), 'utf8'));
  const items: ContributedMenuItem[] = manifest.contributes?.menus?.[menu] ?? [];
  return items.filter((item) => whenHolds(item.when, context));
}
