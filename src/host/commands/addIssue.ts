import * as vscode from 'vscode';
import { addIssueEdits } from '../../core/record/recordWriter';
import { UserFacingError } from '../userFacingError';
import { LifecycleDeps, optionsOf, recordName, recordUriOption, registerLifecycleCommand, requireActive, writeRecordEdits } from './commandSupport';
import { phaseChoices } from './markPhase';
import { nowTimestamp } from './timestamps';

type Impact = 'High' | 'Medium' | 'Low';

/** Arguments for non-interactive use; any missing one is asked for. */
export interface AddIssueOptions {
  readonly title: string;
  readonly phase: string;
  readonly impact: Impact;
  readonly description: string;
  /** The record to add it to (a Uri, URI string or absolute path); default: the active deployment of the current folder. */
  readonly uri: string | vscode.Uri;
}

const IMPACTS: Impact[] = ['High', 'Medium', 'Low'];

/** One line of plain text: a newline in a title would break the record's structure. */
function singleLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

async function addIssue(deps: LifecycleDeps, options: Partial<AddIssueOptions> | undefined): Promise<boolean> {
  const { folder, record } = await requireActive(deps, recordUriOption(options?.uri));
  const id = recordName(folder, record);
  const title = options?.title ?? await vscode.window.showInputBox({
    title: `Add an issue to ${id} (1/4)`, prompt: 'Issue title',
    validateInput: (v) => (v.trim() === '' ? 'The issue needs a title.' : undefined)
  });
  if (title === undefined || singleLine(title) === '') {
    return false;
  }
  let phase = options?.phase;
  if (phase === undefined) {
    const running = [...record.parsed.phases].reverse().find((p) => p.start)?.name;
    const names = phaseChoices(folder);
    const ordered = running ? [running, ...names.filter((n) => n !== running)] : names;
    phase = (await vscode.window.showQuickPick(ordered, { title: `Add an issue to ${id} (2/4)`, placeHolder: 'In which phase did it happen?' }));
    if (phase === undefined) {
      return false;
    }
  }
  let impact = options?.impact;
  if (impact !== undefined && !IMPACTS.includes(impact)) {
    throw new UserFacingError(`“${String(impact)}” is not an impact. Use High, Medium or Low.`);
  }
  if (impact === undefined) {
    impact = (await vscode.window.showQuickPick(IMPACTS, { title: `Add an issue to ${id} (3/4)`, placeHolder: 'Impact' })) as Impact | undefined;
    if (impact === undefined) {
      return false;
    }
  }
  // As with Finish's note: Enter keeps the issue without a description, and the prompt says
  // up front that Escape drops the whole issue, not just this step.
  const description = options?.description ?? await vscode.window.showInputBox({
    title: `Add an issue to ${id} (4/4)`, prompt: 'Optional description of what happened (Enter to skip; Escape cancels adding the issue)'
  });
  if (description === undefined) {
    return false;
  }
  const edits = addIssueEdits(record.text, {
    title: singleLine(title), phase: singleLine(phase), impact, description: singleLine(description)
  }, nowTimestamp());
  if (!(await writeRecordEdits(deps, folder, record, edits))) {
    return false;
  }
  return true;
}

export function registerAddIssueCommand(deps: LifecycleDeps): vscode.Disposable {
  return registerLifecycleCommand('deploymentRecords.addIssue', (arg?: unknown) =>
    addIssue(deps, optionsOf<AddIssueOptions>(arg)));
}
