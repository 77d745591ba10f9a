import * as vscode from 'vscode';
import { nextPhaseCommand } from '../recordCodeLens';
import { readLifecycleSettings } from '../settings';
import { SHOW_ACTIONS_COMMAND } from '../statusBar';
import { LifecycleDeps, recordName, registerLifecycleCommand, requireActive } from './commandSupport';

interface ActionItem extends vscode.QuickPickItem {
  readonly command: string;
  readonly args?: unknown[];
}

const FINISH_COMMAND = 'deploymentRecords.finishDeployment';

/** The status bar's click: the next step first (the CodeLens offers the same), then the other actions. */
async function showActions(deps: LifecycleDeps): Promise<void> {
  const { folder, record } = await requireActive(deps);
  const next = nextPhaseCommand(record.parsed, record.uri, readLifecycleSettings(folder).customPhases);
  // Each action names the record this menu is about, in case the editor moves to another folder meanwhile.
  const target = [{ uri: record.uri }];
  const items: ActionItem[] = [
    { label: next.title, description: 'next step', command: next.command, args: next.arguments },
    { label: '$(list-selection) Mark Phase…', command: 'deploymentRecords.markPhase', args: target },
    // Once the last phase has started, finishing is the next step and is listed once, first.
    ...(next.command === FINISH_COMMAND ? [] : [{ label: '$(pass) Finish Deployment…', command: FINISH_COMMAND, args: target }]),
    { label: '$(warning) Add Issue…', command: 'deploymentRecords.addIssue', args: target },
    { label: '$(go-to-file) Open Current Deployment', command: 'deploymentRecords.openRecord', args: target }
  ];
  const pick = await vscode.window.showQuickPick(items, { title: recordName(folder, record), placeHolder: 'What next?' });
  if (pick) {
    await vscode.commands.executeCommand(pick.command, ...(pick.args ?? []));
  }
}

export function registerShowActionsCommand(deps: LifecycleDeps): vscode.Disposable {
  return registerLifecycleCommand(SHOW_ACTIONS_COMMAND, () => showActions(deps));
}
