import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { parseRecord } from '../../src/core/record/recordParser';
import type { ParsedRecord } from '../../src/core/record/recordTypes';

/*
 * What every integration suite needs from the workspace the runner opened: a fresh git
 * repository with an empty `deployments/checklists/`.
 */

export const DEFAULT_DEADLINE_MS = 15_000;

/** The test workspace's root folder on disk. */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration tests need a workspace folder');
  return folder.uri.fsPath;
}

/** The default checklists folder of the test workspace. */
export function checklistsFolder(): string {
  return path.join(workspaceRoot(), 'deployments', 'checklists');
}

export interface UntilOptions {
  /** Re-check as soon as this fires, besides the periodic re-check. */
  readonly wakeOn?: vscode.Event<unknown>;
  /** How often to re-check when nothing fires (ms). */
  readonly everyMs?: number;
  readonly deadlineMs?: number;
}

/**
 * Waits until `condition` gives a truthy value and returns it, re-checking whenever
 * `wakeOn` fires and at least every `everyMs`, up to a deadline. Waiting on the state a
 * user would see, not on a fixed time, keeps the tests fast when the host is quick and
 * correct when it is slow.
 */
export async function until<T>(
  what: string,
  condition: () => T | undefined | false | PromiseLike<T | undefined | false>,
  options: UntilOptions = {}
): Promise<T> {
  const deadline = Date.now() + (options.deadlineMs ?? DEFAULT_DEADLINE_MS);
  const everyMs = options.everyMs ?? 50;
  for (;;) {
    const value = await condition();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting until ${what}`);
    }
    await new Promise<void>((resolve) => {
      const subscription = options.wakeOn?.(() => done());
      const timer = setTimeout(() => done(), everyMs);
      function done(): void {
        subscription?.dispose();
        clearTimeout(timer);
        resolve();
      }
    });
  }
}

/** Reads and parses a record from disk, as analytics and other windows see it. */
export function readParsed(uri: vscode.Uri): ParsedRecord {
  return parseRecord(fs.readFileSync(uri.fsPath, 'utf8'), path.basename(uri.fsPath));
}

/**
 * Runs Start Deployment without prompts and returns the new record. With a deployment already
 * in progress, pass `startAlongside` (a real prompt would wait for a user who is not there).
 */
export async function startRecord(environment = 'staging', options: { startAlongside?: boolean } = {}): Promise<vscode.Uri> {
  const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('deploymentRecords.startDeployment', { environment, ...options });
  assert.ok(uri, 'Start Deployment did not create a record');
  return uri;
}

/** The slice of the lifecycle API that tells when records were re-read. */
interface ActiveChanges {
  readonly onDidChangeActive: vscode.Event<void>;
}

/** `until`, re-checking whenever the extension re-reads the records. */
export function untilActiveChange<T>(api: ActiveChanges, what: string, condition: () => T | undefined | false): Promise<T> {
  return until(what, condition, { wakeOn: api.onDidChangeActive });
}

/**
 * Leaves no unsaved buffers, no editors and no records behind (reverting rather than closing
 * dirty editors, since a save prompt would block every suite after this one), then waits
 * until the extension agrees that nothing is active.
 */
export async function resetWorkspace(api: ActiveChanges & { activeRecordUri(): string | undefined; statusBarText(): string | undefined }): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  for (const name of fs.readdirSync(checklistsFolder())) {
    if (name !== '.gitkeep') {
      fs.rmSync(path.join(checklistsFolder(), name), { recursive: true, force: true });
    }
  }
  await untilActiveChange(api, 'no deployment is active', () => (api.activeRecordUri() === undefined && api.statusBarText() === undefined) || undefined);
}
