import * as vscode from 'vscode';
import { phaseOrder } from '../../core/record/nextPhase';
import { markPhaseEdits, phaseStarted } from '../../core/record/recordWriter';
import { readLifecycleSettings } from '../settings';
import { LifecycleDeps, optionsOf, recordName, recordUriOption, registerLifecycleCommand, requireActive, writeRecordEdits } from './commandSupport';
import { nowTimestamp } from './timestamps';

/** Arguments for non-interactive use (keybindings, tests). */
export interface MarkPhaseOptions {
  /** Phase name; the Mark Phase… quick pick is skipped when given. */
  readonly phase: string;
  /** Restart a phase that already started without asking. Without it, a started phase is left alone unless the user confirms. */
  readonly confirmRestart: boolean;
  /** The record to mark (a Uri, URI string or absolute path), as the CodeLens passes it; default: the active deployment of the current folder. */
  readonly uri: string | vscode.Uri;
}

/** Result of a mark, for callers that want to know what happened. */
export type MarkPhaseResult = 'marked' | 'kept' | 'cancelled';

/** Planning, Execution, Validation, then the custom phases from the settings, without duplicates. */
export function phaseChoices(folder: vscode.WorkspaceFolder | undefined): string[] {
  return phaseOrder(readLifecycleSettings(folder).customPhases);
}

async function markPhase(deps: LifecycleDeps, phase: string | undefined, options: Partial<MarkPhaseOptions> | undefined): Promise<MarkPhaseResult> {
  const { folder, record } = await requireActive(deps, recordUriOption(options?.uri));
  const recordLabel = recordName(folder, record);
  let chosen = phase ?? options?.phase;
  if (chosen === undefined) {
    const started = new Set(record.parsed.phases.filter((p) => p.start).map((p) => p.name.toLowerCase()));
    const pick = await vscode.window.showQuickPick(
      phaseChoices(folder).map((name) => ({ label: name, description: started.has(name.toLowerCase()) ? 'started' : undefined })),
      { title: `Mark a phase of ${recordLabel}`, placeHolder: 'Which phase starts now?' }
    );
    if (!pick) {
      return 'cancelled';
    }
    chosen = pick.label;
  }
  if (phaseStarted(record.parsed, chosen)) {
    // Scripts decide with confirmRestart. A caller that only names the record (the CodeLens,
    // the status bar menu) acts for the user, so the user is asked.
    const interactive = options === undefined || Object.keys(options).every((key) => key === 'uri');
    const restart = options?.confirmRestart ?? (interactive
      ? (await vscode.window.showWarningMessage(
        `${chosen} already started in ${recordLabel}. Restart it from now? Its start time is replaced.`,
        { modal: true }, 'Restart Phase')) === 'Restart Phase'
      : false);
    if (!restart) {
      return 'kept';
    }
  }
  const edits = markPhaseEdits(record.text, chosen, nowTimestamp());
  if (!(await writeRecordEdits(deps, folder, record, edits))) {
    return 'cancelled';
  }
  return 'marked';
}

export function registerMarkPhaseCommands(deps: LifecycleDeps): vscode.Disposable[] {
  const fixed = (id: string, phase: string) => registerLifecycleCommand(id, (arg?: unknown) =>
    markPhase(deps, phase, optionsOf<MarkPhaseOptions>(arg)));
  return [
    fixed('deploymentRecords.markPlanning', 'Planning'),
    fixed('deploymentRecords.markExecution', 'Execution'),
    fixed('deploymentRecords.markValidation', 'Validation'),
    registerLifecycleCommand('deploymentRecords.markPhase', (arg?: unknown) =>
      markPhase(deps, undefined, optionsOf<MarkPhaseOptions>(arg)))
  ];
}
