import * as vscode from 'vscode';
import { classifyChecklistLines, splitLines } from '../core/markdown/checklistLines';
import { countStatuses, formatProgress } from '../core/markdown/progressSummary';
import { nextStep } from '../core/record/nextPhase';
import { parseRecord } from '../core/record/recordParser';
import type { ParsedRecord } from '../core/record/recordTypes';
import type { DeploymentsSource } from './deploymentsTree';
import { isRecordTextDocument } from './recordDocuments';
import { readLifecycleSettings } from './settings';

const FIXED_PHASE_COMMANDS: Readonly<Record<string, string>> = {
  planning: 'deploymentRecords.markPlanning',
  execution: 'deploymentRecords.markExecution',
  validation: 'deploymentRecords.markValidation'
};

/**
 * The action that moves the deployment in `uri` on (see `nextStep`), aimed at that record.
 * The CodeLens and the status bar menu both offer it, so they always agree.
 */
export function nextPhaseCommand(parsed: ParsedRecord, uri: vscode.Uri, customPhases: readonly string[]): vscode.Command {
  const step = nextStep(parsed.phases, customPhases);
  if (step.kind === 'finish') {
    return { title: '$(pass) Finish Deployment', command: 'deploymentRecords.finishDeployment', arguments: [{ uri }] };
  }
  const title = `$(debug-continue) Mark ${step.phase} Phase`;
  const fixed = FIXED_PHASE_COMMANDS[step.phase.toLowerCase()];
  return fixed
    ? { title, command: fixed, arguments: [{ uri }] }
    : { title, command: 'deploymentRecords.markPhase', arguments: [{ phase: step.phase, uri }] };
}

/**
 * A CodeLens at the top of each record: its progress, and while it is the active deployment,
 * the next phase action. Progress uses the same line classification as the decorations.
 */
export class RecordCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly deployments: DeploymentsSource) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!isRecordTextDocument(doc)) {
      return [];
    }
    const text = doc.getText();
    const items = classifyChecklistLines(splitLines(text));
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [new vscode.CodeLens(top, {
      title: formatProgress(countStatuses(items.map((i) => i.status))),
      tooltip: 'Checklist progress of this deployment record',
      command: ''
    })];
    const isActive = this.deployments.all().some((state) => state.active?.uri.toString() === doc.uri.toString());
    if (isActive) {
      const { customPhases } = readLifecycleSettings(vscode.workspace.getWorkspaceFolder(doc.uri));
      lenses.push(new vscode.CodeLens(top, nextPhaseCommand(parseRecord(text), doc.uri, customPhases)));
    }
    return lenses;
  }
}

/** Registers the CodeLens for markdown; it refreshes when the active deployment changes. */
export function registerRecordCodeLens(context: vscode.ExtensionContext, deployments: DeploymentsSource): RecordCodeLensProvider {
  const provider = new RecordCodeLensProvider(deployments);
  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider({ language: 'markdown' }, provider),
    deployments.onDidChange(() => provider.refresh()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('deploymentRecords')) {
        provider.refresh();
      }
    })
  );
  return provider;
}
