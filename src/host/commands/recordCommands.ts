import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMIT_CANCELLABLE, commitSingleFile } from '../gitAdapter';
import { readRecord, StoredRecord } from '../recordStore';
import { UserFacingError } from '../userFacingError';
import { LifecycleDeps, optionsOf, recordUriOption, registerLifecycleCommand, requireActive, requireFolder, START_COMMAND_TITLE } from './commandSupport';
import { outcomeLabel } from './finishDeployment';

/** Arguments for non-interactive use of Commit Deployment Record. */
export interface CommitOptions {
  /** The record to commit (a Uri, URI string or absolute path); default: the record in the active editor, else the active or newest record. */
  readonly uri: string | vscode.Uri;
}

export type CommitOutcome = 'committed' | 'nothingToCommit' | 'ignored' | 'cancelled' | undefined;

async function openCurrent(deps: LifecycleDeps): Promise<vscode.Uri> {
  const { record } = await requireActive(deps);
  await vscode.window.showTextDocument(record.uri, { preview: false });
  return record.uri;
}

/** The record a commit is about when the caller did not say. */
async function recordToCommit(deps: LifecycleDeps, folder: vscode.WorkspaceFolder): Promise<StoredRecord | undefined> {
  const state = await deps.deployments.refresh(folder);
  const editorUri = vscode.window.activeTextEditor?.document.uri;
  const inEditor = editorUri && state.records.find((r) => r.uri.toString() === editorUri.toString());
  if (inEditor) {
    return inEditor;
  }
  if (state.active) {
    return state.active;
  }
  // Just finished: the newest record with metadata is the one the user means.
  return [...state.records]
    .filter((r) => r.parsed.hasMetadata)
    .sort((a, b) => (a.parsed.startTime?.epochMs ?? 0) - (b.parsed.startTime?.epochMs ?? 0) || a.uri.fsPath.localeCompare(b.uri.fsPath))
    .pop();
}

async function commitRecord(deps: LifecycleDeps, options: Partial<CommitOptions> | undefined): Promise<CommitOutcome> {
  let record: StoredRecord | undefined;
  let folder: vscode.WorkspaceFolder | undefined;
  const uri = recordUriOption(options?.uri);
  if (uri !== undefined) {
    folder = vscode.workspace.getWorkspaceFolder(uri);
    record = await readRecord(uri);
  } else {
    folder = requireFolder(deps);
    record = await recordToCommit(deps, folder);
  }
  if (!folder || !record) {
    throw new UserFacingError(`There is no deployment record to commit. Open the record you want to commit, or run “${START_COMMAND_TITLE}”.`);
  }
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === record.uri.toString());
  // Committing means committing what the user sees: save the record (and only it) first.
  if (doc?.isDirty && !(await doc.save())) {
    throw new UserFacingError(`${path.basename(record.uri.fsPath)} could not be saved, so it was not committed. Save it, then commit again.`);
  }
  const fresh = (await readRecord(record.uri)) ?? record;
  const id = fresh.parsed.id ?? path.basename(record.uri.fsPath, '.md');
  const message = `docs: deployment record ${id} (${outcomeLabel(fresh.parsed.outcome).toLowerCase()})`;
  const relative = path.relative(folder.uri.fsPath, record.uri.fsPath);
  // As git and the user write it, whatever the platform.
  const shown = relative.split(path.sep).join('/');
  const unstageHint = `The record is still staged: run “git rm --cached -- ${shown}” to unstage it.`;
  // A notification, not the status bar: the repository's hooks may take a minute, and Cancel is the
  // only limit on them.
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Committing ${id}…`, cancellable: COMMIT_CANCELLABLE },
    async (progress, token) => {
      const abort = new AbortController();
      const cancellation = token.onCancellationRequested(() => abort.abort());
      try {
        return await commitSingleFile(folder.uri.fsPath, relative, message, {
          signal: abort.signal,
          onRunningHooks: (hooks) => progress.report({ message: `running the repository's hooks (${hooks.join(', ')})` })
        });
      } finally {
        cancellation.dispose();
      }
    }
  );
  switch (result.kind) {
    case 'committed': {
      const late = result.stoppedAfterCommit ? ' Cancel came after git had written the commit, so only the post-commit hook was stopped.' : '';
      // Abbreviated, as git itself prints it after a commit.
      void vscode.window.showInformationMessage(`Committed ${id}${result.commit ? ` (${result.commit.slice(0, 7)})` : ''}. Other staged changes were left staged.${late}`);
      return 'committed';
    }
    case 'cancelled': {
      const index = result.stillStaged ? unstageHint : 'The index is as it was before.';
      void vscode.window.showInformationMessage(`The commit of ${id} was cancelled: git and the repository's hooks were stopped. Nothing was committed. ${index}`);
      return 'cancelled';
    }
    case 'nothingToCommit':
      void vscode.window.showInformationMessage(`${id} has no changes to commit: it is already committed.`);
      return 'nothingToCommit';
    case 'ignored': {
      const rule = result.rule ? ` (rule “${result.rule.pattern}” in ${result.rule.source}, line ${result.rule.line})` : '';
      void vscode.window.showWarningMessage(
        `${shown} is ignored by git${rule}, so it was not committed. Check your .gitignore: remove or narrow the rule that matches deployment records, then commit again.`
      );
      return 'ignored';
    }
    case 'hookFailed': {
      const hook = result.hooks.length === 1 ? `The ${result.hooks[0]} hook` : `A commit hook (${result.hooks.join(' or ')})`;
      const said = result.output ? `: “${result.output}”` : ' without saying why';
      const index = result.stillStaged ? unstageHint : 'The index is as it was before; fix what the hook reports, then commit again.';
      throw new UserFacingError(`${hook} refused the commit of ${id}${said}. Nothing was committed. ${index}`);
    }
    case 'gitMissing':
      throw new UserFacingError('Git is not installed or not on the PATH, so the record was not committed. Install git, then commit again.');
    case 'notRepository':
      throw new UserFacingError(`${folder.name} is not a git repository, so the record was not committed. Run “git init” there first, or commit it by hand.`);
    case 'failed':
      throw new UserFacingError(`Git could not commit ${id}: ${result.message}${result.stillStaged ? ` ${unstageHint}` : ''}`);
  }
}

export function registerRecordCommands(deps: LifecycleDeps): vscode.Disposable[] {
  return [
    registerLifecycleCommand('deploymentRecords.openCurrent', () => openCurrent(deps)),
    registerLifecycleCommand('deploymentRecords.commitRecord', (arg?: unknown) =>
      commitRecord(deps, arg instanceof vscode.Uri ? { uri: arg } : optionsOf<CommitOptions>(arg)))
  ];
}
