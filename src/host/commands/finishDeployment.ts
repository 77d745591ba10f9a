import * as vscode from 'vscode';
import type { Outcome } from '../../core/record/recordTypes';
import { finishEdits } from '../../core/record/recordWriter';
import { UserFacingError } from '../userFacingError';
import { LifecycleDeps, optionsOf, recordName, recordUriOption, registerLifecycleCommand, requireActive, writeRecordEdits } from './commandSupport';
import { nowTimestamp } from './timestamps';

export type FinishedOutcome = Exclude<Outcome, 'inProgress'>;

/** Arguments for non-interactive use. `outcome` takes `success`/`succeeded`, `failed`, `rolledBack`/`rolled back`, `aborted`. */
export interface FinishOptions {
  readonly outcome: string;
  readonly note: string;
  /**
   * The record to finish (a Uri, URI string or absolute path), as the Deployments view and the
   * CodeLens pass it; default: the active deployment of the current folder.
   */
  readonly uri: string | vscode.Uri;
}

const OUTCOMES: { outcome: FinishedOutcome; label: string; icon: string }[] = [
  { outcome: 'success', label: 'Succeeded', icon: '$(pass)' },
  { outcome: 'failed', label: 'Failed', icon: '$(error)' },
  { outcome: 'rolledBack', label: 'Rolled back', icon: '$(discard)' },
  { outcome: 'aborted', label: 'Aborted', icon: '$(circle-slash)' }
];

/** Reads an outcome given by name or by label; undefined when it is none of the four. */
export function outcomeFromText(text: string): FinishedOutcome | undefined {
  const key = text.trim().toLowerCase().replace(/[\s_-]+/g, '');
  const aliases: Record<string, FinishedOutcome> = {
    success: 'success', succeeded: 'success', failed: 'failed', failure: 'failed',
    rolledback: 'rolledBack', rollback: 'rolledBack', aborted: 'aborted', abort: 'aborted'
  };
  return aliases[key];
}

export function outcomeLabel(outcome: Outcome): string {
  return OUTCOMES.find((o) => o.outcome === outcome)?.label ?? 'In progress';
}

export async function finishDeployment(deps: LifecycleDeps, options: Partial<FinishOptions> | undefined): Promise<FinishedOutcome | undefined> {
  const { folder, record } = await requireActive(deps, recordUriOption(options?.uri));
  const name = recordName(folder, record);
  let outcome: FinishedOutcome | undefined;
  let note = options?.note;
  if (options?.outcome !== undefined) {
    outcome = outcomeFromText(options.outcome);
    if (!outcome) {
      throw new UserFacingError(`“${options.outcome}” is not an outcome. Use Succeeded, Failed, Rolled back or Aborted.`);
    }
  } else {
    const pick = await vscode.window.showQuickPick(
      OUTCOMES.map((o) => ({ label: `${o.icon} ${o.label}`, outcome: o.outcome })),
      { title: `Finish ${name}`, placeHolder: 'How did the deployment end?' }
    );
    if (!pick) {
      return undefined;
    }
    outcome = pick.outcome;
    if (note === undefined) {
      note = await vscode.window.showInputBox({
        title: `Finish ${name}: ${outcomeLabel(outcome)}`,
        prompt: 'Optional note about the outcome (Enter to skip; Escape cancels finishing)'
      });
      if (note === undefined) {
        return undefined;
      }
    }
  }
  const trimmedNote = note?.replace(/[\r\n]+/g, ' ').trim();
  const edits = finishEdits(record.text, outcome, nowTimestamp(), trimmedNote ? trimmedNote : undefined);
  if (!(await writeRecordEdits(deps, folder, record, edits))) {
    return undefined;
  }
  // Whoever picked the outcome (from the palette, the view, the CodeLens or the status bar) is
  // a user, who may want the record committed; a script that gave the outcome gets no prompt.
  if (options?.outcome === undefined) {
    void vscode.window.showInformationMessage(
      `${name} finished: ${outcomeLabel(outcome)}.`, 'Commit Record'
    ).then((choice) => {
      if (choice === 'Commit Record') {
        void vscode.commands.executeCommand('deploymentRecords.commitRecord', { uri: record.uri.toString() });
      }
    });
  }
  return outcome;
}

export function registerFinishCommand(deps: LifecycleDeps): vscode.Disposable {
  // The editor title's Finish button passes the Uri of the record in that editor.
  return registerLifecycleCommand('deploymentRecords.finishDeployment', (arg?: unknown) =>
    finishDeployment(deps, arg instanceof vscode.Uri ? { uri: arg } : optionsOf<FinishOptions>(arg)));
}
