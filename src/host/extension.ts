import * as vscode from 'vscode';
import { registerChecklistEditing } from './checklistEditing';
import { registerAnalyticsPanel } from './analyticsPanel';
import { registerRecordLifecycle } from './recordLifecycle';
import { ActiveDeployments } from './activeDeployment';

/**
 * Wiring only: each feature lives in its own module under src/host and is registered here.
 * Nothing in this file does work of its own.
 */
export function activate(context: vscode.ExtensionContext) {
  // One tracker reads the records for the status bar, the commands, the CodeLens and the tree.
  const deployments = new ActiveDeployments();
  context.subscriptions.push(deployments);
  const lifecycle = registerRecordLifecycle(context, deployments);
  const editing = registerChecklistEditing(context, deployments);
  return {
    ...lifecycle,
    ...editing,
    analyticsPanel: registerAnalyticsPanel(context)
  };
}

export function deactivate(): void {
  // Every resource is owned by context.subscriptions.
}
