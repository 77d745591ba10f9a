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
