import * as vscode from 'vscode';
import { isDeploymentInProgress } from '../core/record/activeRecord';
import type { FolderDeployments } from './activeDeployment';

/**
 * The `when`-clause key that is true while the active editor shows a deployment still in
 * progress. The editor title's Finish button shows only then: on a finished record it could
 * only say "already finished".
 */
export const EDITOR_RECORD_IN_PROGRESS = 'deploymentRecords.editorRecordInProgress';

/** The slice of the active-deployment tracker this key is read from. */
export interface EditorRecordSource {
  get(folder: vscode.WorkspaceFolder): FolderDeployments | undefined;
  /** Fires after a folder's records were re-read: on save, on file events, and while typing. */
  readonly onDidChange: vscode.Event<unknown>;
}

/** Keeps {@link EDITOR_RECORD_IN_PROGRESS} up to date on editor switch and on every re-read of the records. */
export function registerEditorRecordContext(source: EditorRecordSource): vscode.Disposable {
  let shown: boolean | undefined;
  const update = () => {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const folder = uri && vscode.workspace.getWorkspaceFolder(uri);
    const record = folder ? source.get(folder)?.records.find((r) => r.uri.toString() === uri.toString()) : undefined;
    const inProgress = record !== undefined && isDeploymentInProgress(record.parsed);
    if (inProgress !== shown) {
      shown = inProgress;
      void vscode.commands.executeCommand('setContext', EDITOR_RECORD_IN_PROGRESS, inProgress);
    }
  };
  update();
  return vscode.Disposable.from(vscode.window.onDidChangeActiveTextEditor(update), source.onDidChange(update));
}
