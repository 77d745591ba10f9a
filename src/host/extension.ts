import * as vscode from 'vscode';
import { registerRecordLifecycle } from './recordLifecycle';

/**
 * Wiring only: each feature lives in its own module under src/host and is registered here.
 * Nothing in this file does work of its own.
 */
export function activate(context: vscode.ExtensionContext) {
  const lifecycle = registerRecordLifecycle(context);
  return {
    ...lifecycle
  };
}

export function deactivate(): void {
  // Every resource is owned by context.subscriptions.
}
