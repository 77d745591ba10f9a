import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ActiveDeployments } from '../activeDeployment';
import type { LineEdit } from '../../core/record/recordTypes';
import { applyRecordEdits, type StoredRecord } from '../recordStore';
import { UserFacingError } from '../userFacingError';

/** What the lifecycle commands share. */
export interface LifecycleDeps {
  readonly extensionUri: vscode.Uri;
  readonly deployments: ActiveDeployments;
}

export const START_COMMAND_TITLE = 'Deployment: Start Deployment';

/** The folder a command works in; a clear error when no folder is open. */
export function requireFolder(deps: LifecycleDeps): vscode.WorkspaceFolder {
  const folder = deps.deployments.currentFolder();
  if (!folder) {
    throw new UserFacingError('Deployment Records needs a workspace folder: open the folder that holds your deployments (File > Open Folder…), then try again.');
  }
  return folder;
}

/**
 * How titles and messages name a record: its ID, and in a multi-root workspace its folder's
 * name too, since two folders may each hold a record with the same ID.
 */
export function recordName(folder: vscode.WorkspaceFolder, record: StoredRecord): string {
  const id = record.parsed.id ?? path.basename(record.uri.fsPath, '.md');
  return (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? `${id} (${folder.name})` : id;
}

/**
 * The record a caller named in its `uri` option (a view item, a CodeLens, a script): a Uri,
 * a URI string or an absolute path. Undefined when none was named; an error for anything else,
 * rather than quietly acting on another record.
 */
export function recordUriOption(value: unknown): vscode.Uri | undefined {
  if (isUnset(value)) {
    return undefined;
  }
  const uri = uriOf(value);
  if (!uri) {
    throw new UserFacingError(`The uri option “${String(value)}” names no record: pass the record's URI (file:///…) or its absolute path. Nothing was changed.`);
  }
  return uri;
}

/**
 * The workspace folder a caller named in its `folder` option (the analytics panel names its
 * own): a Uri, a URI string or an absolute path. Undefined when none was named; an error when
 * it is no folder of this workspace, rather than quietly starting in another.
 */
export function workspaceFolderOption(value: unknown): vscode.WorkspaceFolder | undefined {
  if (isUnset(value)) {
    return undefined;
  }
  // Another extension naturally passes the WorkspaceFolder itself.
  const uri = isWorkspaceFolderLike(value) ? value.uri : uriOf(value);
  const folder = uri && vscode.workspace.getWorkspaceFolder(uri);
  // getWorkspaceFolder also answers for a path inside a folder; a sub-folder is not a folder
  // of the workspace, and starting in its parent would put the record somewhere unasked.
  if (!folder || folder.uri.toString() !== uri.with({ path: uri.path.replace(/(?<=.)\/+$/, '') }).toString()) {
    throw new UserFacingError(`The folder option “${String(value)}” names no folder of this workspace: pass a workspace folder's URI (file:///…) or its absolute path. Nothing was started.`);
  }
  return folder;
}

function isWorkspaceFolderLike(value: unknown): value is { readonly uri: vscode.Uri } {
  return typeof value === 'object' && value !== null && (value as { uri?: unknown }).uri instanceof vscode.Uri;
}

function isUnset(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** A Uri, a URI string or an absolute path as a Uri; undefined for anything else. */
function uriOf(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) {
    return value;
  }
  if (typeof value === 'string') {
    try {
      return path.isAbsolute(value) ? vscode.Uri.file(value) : vscode.Uri.parse(value, true);
    } catch {
      // Not a URI either.
    }
  }
  return undefined;
}

/** The record `uri` names, read fresh, when it is a deployment in progress; otherwise an error that says why. */
async function requireInProgress(deps: LifecycleDeps, uri: vscode.Uri): Promise<{ folder: vscode.WorkspaceFolder; record: StoredRecord }> {
  const shown = uri.scheme === 'file' ? uri.fsPath : uri.toString();
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) {
    throw new UserFacingError(`${shown} is not in a folder of this workspace, so Deployment Records does not track it. Open its folder (File > Add Folder to Workspace…), then try again. Nothing was changed.`);
  }
  const state = await deps.deployments.refresh(folder);
  const record = state.records.find((r) => r.uri.toString() === uri.toString());
  if (!record) {
    throw new UserFacingError(`${vscode.workspace.asRelativePath(uri)} is not a deployment record of ${folder.name}: records are the files in ${vscode.workspace.asRelativePath(state.checklistsUri)}. Nothing was changed.`);
  }
  if (record.parsed.outcome !== 'inProgress') {
    throw new UserFacingError(`${recordName(folder, record)} is not in progress: it has already finished. Nothing was changed.`);
  }
  if (!record.parsed.hasMetadata) {
    throw new UserFacingError(`${vscode.workspace.asRelativePath(uri)} has no “## Deployment Metadata” section, so it is not a deployment in progress. Run “${START_COMMAND_TITLE}” to start one. Nothing was changed.`);
  }
  return { folder, record };
}

/**
 * The deployment in progress a command acts on, read fresh from the files. With `target` (the
 * record a view item, a CodeLens or a script named), that record, wherever the editor is.
 * Without, the current folder's active deployment, or, when only one other folder has one,
 * that one.
 */
export async function requireActive(deps: LifecycleDeps, target?: vscode.Uri): Promise<{ folder: vscode.WorkspaceFolder; record: StoredRecord }> {
  if (target) {
    return requireInProgress(deps, target);
  }
  const folder = requireFolder(deps);
  const state = await deps.deployments.refresh(folder);
  if (state.active) {
    return { folder, record: state.active };
  }
  const elsewhere = deps.deployments.all().filter((s) => s.active !== undefined);
  if (elsewhere.length === 1 && elsewhere[0].active) {
    const fresh = await deps.deployments.refresh(elsewhere[0].folder);
    if (fresh.active) {
      return { folder: fresh.folder, record: fresh.active };
    }
  }
  throw new UserFacingError(`No deployment is in progress in ${folder.name}. Run “${START_COMMAND_TITLE}” to start one.`);
}

/** The text a record had when it was read, for detecting that it moved on since. */
export const MOVED_MESSAGE = 'The deployment record changed while this command ran, so nothing was written. Run the command again.';

/**
 * Writes a command's edits to the record it read, then re-reads the folder so the status bar
 * and the tree show the change at once. False, after telling the user, when the record moved
 * on since it was read (nothing is written then); throws a UserFacingError naming the record
 * and the reason when the write itself failed (see applyRecordEdits).
 */
export async function writeRecordEdits(deps: LifecycleDeps, folder: vscode.WorkspaceFolder, record: StoredRecord, edits: readonly LineEdit[]): Promise<boolean> {
  const result = await applyRecordEdits(record.uri, record.text, edits);
  if (result === 'moved') {
    void vscode.window.showWarningMessage(MOVED_MESSAGE);
    return false;
  }
  await deps.deployments.refresh(folder);
  return true;
}

/** Wraps a command so that expected problems become messages and nothing escapes as an unhandled error. */
export function registerLifecycleCommand<A extends unknown[], R>(
  id: string,
  handler: (...args: A) => Promise<R>
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: A): Promise<R | undefined> => {
    try {
      return await handler(...args);
    } catch (error) {
      if (error instanceof UserFacingError) {
        void vscode.window.showErrorMessage(error.message);
      } else {
        const reason = error instanceof Error ? error.message : String(error);
        void vscode.window.showErrorMessage(`Deployment Records could not complete the command: ${reason}`);
      }
      return undefined;
    }
  });
}

/** Options arrive from keybindings, other extensions and tests: accept only a plain object. */
export function optionsOf<T extends object>(arg: unknown): Partial<T> | undefined {
  return typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri) ? (arg as Partial<T>) : undefined;
}
