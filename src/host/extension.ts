import * as vscode from 'vscode';

/**
 * Wiring only: each feature lives in its own module under src/host and is registered here.
 * Nothing in this file does work of its own.
 */
export function activate(context: vscode.ExtensionContext) {
  void context;
}

export function deactivate(): void {
  // Every resource is owned by context.subscriptions.
}
