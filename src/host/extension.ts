import * as vscode from 'vscode';
import { registerChecklistEditing } from './checklistEditing';
import { registerAnalyticsPanel } from './analyticsPanel';
import { registerRecordLifecycle } from './recordLifecycle';

/**
 * Wiring only: each feature lives in its own module under src/host and is registered here.
 * Nothing in this file does work of its own.
 */
export function activate(context: vscode.ExtensionContext) {
  const lifecycle = registerRecordLifecycle(context);
  const editing = registerChecklistEditing(context);
  return {
    ...lifecycle,
    ...editing,
    analyticsPanel: registerAnalyticsPanel(context)
  };
}

export function deactivate(): void {
  // Every resource is owned by context.subscriptions.
}
