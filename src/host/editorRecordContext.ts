import * as vscode from 'vscode';
import { isDeploymentInProgress } from '../core/record/activeRecord';
import type { FolderDeployments } from './activeDeployment';

/**
 * The `when`-clause key listing the paths of every deployment record still in progress. The
 * editor title's Finish button shows only on those (`resourcePath in …`): on a finished record
 * it could only say "already finished". A list, not a flag for the active editor, because
 * each editor group evaluates its own title's `resourcePath`: a finished record beside one
 * in progress then shows no Finish, whichever group has focus.
 */
export const RECORDS_IN_PROGRESS = 'deploymentRecords.recordsInProgress';

/** The slice of the active-deployment tracker this key is read from. */
export interface EditorRecordSource {
  all(): readonly FolderDeployments[];
  /** Fires after a folder's records were re-read: on save, on file events, and while typing. */
  readonly onDidChange: vscode.Event<unknown>;
}

/** Keeps {@link RECORDS_IN_PROGRESS} up to date on every re-read of the records. */
export function registerEditorRecordContext(source: EditorRecordSource): vscode.Disposable {
  let shown = '';
  const update = () => {
    // The window computes `resourcePath` as `Uri.fsPath` for a file it sees as `file:`, and as
    // the URI's path otherwise: a remote folder on Windows is `/c:/…` there, `c:\…` here.
    // The comparison is by string, case included: the records' URIs spell the checklists
    // folder as the disk lists it (see onDiskChecklistsFolderUri), as the Explorer does.
    const paths = source
      .all()
      .flatMap((folder) => folder.records)
      .filter((record) => isDeploymentInProgress(record.parsed))
      .flatMap((record) => (record.uri.fsPath === record.uri.path ? [record.uri.path] : [record.uri.fsPath, record.uri.path]))
      .sort();
    const key = paths.join('\n');
    if (key !== shown) {
      shown = key;
      void vscode.commands.executeCommand('setContext', RECORDS_IN_PROGRESS, paths);
    }
  };
  update();
  return source.onDidChange(update);
}
