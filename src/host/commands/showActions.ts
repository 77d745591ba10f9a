import * as vscode from 'vscode';
import { SHOW_ACTIONS_COMMAND } from '../statusBar';
import { LifecycleDeps, registerLifecycleCommand, requireActive } from './commandSupport';
import { phaseChoices } from './markPhase';

interface ActionItem extends vscode.QuickPickItem {
  readonly command: string;
  readonly args?: unknown[];
}

const FIXED_PHASE_COMMANDS: Record<string, string> = {
  planning: 'deploymentRecords.markPlanning',
  execution: 'deploymentRecords.markExecution',
  validation: 'deploymentRecords.markValidation'
};

/** The status bar's click: the next phase first, then finishing and the other actions. */
async function showActions(deps: LifecycleDeps): Promise<void> {
  const { folder, record } = await requireActive(deps);
  const started = new Set(record.parsed.phases.filter((p) => p.start).map((p) => p.name.toLowerCase()));
  const next = phaseChoices(folder).find((name) => !started.has(name.toLowerCase()));
  const items: ActionItem[] = [];
  if (next) {
    const fixed = FIXED_PHASE_COMMANDS[next.toLowerCase()];
    items.push(fixed
      ? { label: `$(debug-step-over) Start ${next}`, description: 'next phase', command: fixed }
      : { label: `$(debug-step-over) Start ${next}`, description: 'next phase', command: 'deploymentRecords.markPhase', args: [{ phase: next }] });
  }
  items.push(
    { label: '$(list-selection) Mark Phase…', command: 'deploymentRecords.markPhase' },
    { label: '$(pass) Finish Deployment…', command: 'deploymentRecords.finishDeployment' },
    { label: '$(warning) Add Issue…', command: 'deploymentRecords.addIssue' },
    { label: '$(go-to-file) Open Current Deployment', command: 'deploymentRecords.openCurrent' }
  );
  const pick = await vscode.window.showQuickPick(items, { title: record.parsed.id ?? 'Active deployment', placeHolder: 'What next?' });
  if (pick) {
    await vscode.commands.executeCommand(pick.command, ...(pick.args ?? []));
  }
}

export function registerShowActionsCommand(deps: LifecycleDeps): vscode.Disposable {
  return registerLifecycleCommand(SHOW_ACTIONS_COMMAND, () => showActions(deps));
}
