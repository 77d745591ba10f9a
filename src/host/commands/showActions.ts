import * as vscode from 'vscode';
import { nextPhaseCommand } from '../recordCodeLens';
import { readLifecycleSettings } from '../settings';
import { SHOW_ACTIONS_COMMAND } from '../statusBar';
import { LifecycleDeps, registerLifecycleCommand, requireActive } from './commandSupport';

interface ActionItem extends vscode.QuickPickItem {
  readonly command: string;
  readonly args?: unknown[];
}

const FINISH_COMMAND = 'deploymentRecords.finishDeployment';

/** The status bar's click: the next step first (the CodeLens offers the same), then the other actions. */
async function showActions(deps: LifecycleDeps): Promise<void> {
  const { folder, record } = await requireActive(deps);
  const next = nextPhaseCommand(record.parsed, record.uri, readLifecycleSettings(folder).customPhases);
  const items: ActionItem[] = [
    { label: next.title, description: 'next step', command: next.command, args: next.arguments },
    { label: '$(list-selection) Mark Phase…', command: 'deploymentRecords.markPhase' },
    // Once the last phase has started, finishing is the next step and is listed once, first.
    ...(next.command === FINISH_COMMAND ? [] : [{ label: '$(pass) Finish Deployment…', command: FINISH_COMMAND }]),
    { label: '$(warning) Add Issue…', command: 'deploymentRecords.addIssue' },
    { label: '$(go-to-file) Open Current Deployment', command: 'deploymentRecords.openCurrent' }
  ];
  const pick = await vscode.window.showQuickPick(items, { title: record.parsed.id ?? 'Active deployment', placeHolder: 'What next?' });
  if (pick) {
    await vscode.commands.executeCommand(pick.command, ...(pick.args ?? []));
  }
}

export function registerShowActionsCommand(deps: LifecycleDeps): vscode.Disposable {
  return registerLifecycleCommand(SHOW_ACTIONS_COMMAND, () => showActions(deps));
}
