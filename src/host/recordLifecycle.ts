import * as vscode from 'vscode';
import type { ActiveDeployments } from './activeDeployment';
import { registerAddIssueCommand } from './commands/addIssue';
import { registerFinishCommand } from './commands/finishDeployment';
import { registerMarkPhaseCommands } from './commands/markPhase';
import { registerRecordCommands } from './commands/recordCommands';
import { registerShowActionsCommand } from './commands/showActions';
import { registerStartCommand } from './commands/startDeployment';
import { registerEditorRecordContext } from './editorRecordContext';
import { DeploymentStatusBar } from './statusBar';

/** What activate() exposes about the lifecycle: read-only, for tests and other extensions. */
export interface RecordLifecycleApi {
  /** The status bar item's text, or undefined while it is hidden. */
  statusBarText(): string | undefined;
  /** The status bar item's tooltip as markdown source, or undefined while it is hidden. */
  statusBarTooltip(): string | undefined;
  /** URI (string) of the current folder's active record, if one is in progress. */
  activeRecordUri(): string | undefined;
  /** Resolves once every folder's records have been read. */
  ready(): Promise<void>;
  /** Fires whenever a folder's records were re-read. */
  readonly onDidChangeActive: vscode.Event<void>;
}

/**
 * Registers the record lifecycle: the status bar, the commands and the editor title's Finish
 * button, over the shared active-deployment tracker.
 */
export function registerRecordLifecycle(context: vscode.ExtensionContext, deployments: ActiveDeployments): RecordLifecycleApi {
  const statusBar = new DeploymentStatusBar(deployments);
  const deps = { extensionUri: context.extensionUri, deployments };
  const changed = new vscode.EventEmitter<void>();
  context.subscriptions.push(
    statusBar,
    changed,
    deployments.onDidChange(() => changed.fire()),
    registerEditorRecordContext(deployments),
    registerStartCommand(deps),
    ...registerMarkPhaseCommands(deps),
    registerFinishCommand(deps),
    registerAddIssueCommand(deps),
    ...registerRecordCommands(deps),
    registerShowActionsCommand(deps)
  );
  return {
    statusBarText: () => statusBar.text,
    statusBarTooltip: () => statusBar.tooltip,
    activeRecordUri: () => {
      const folder = deployments.currentFolder();
      return folder ? deployments.get(folder)?.active?.uri.toString() : undefined;
    },
    ready: () => deployments.ready(),
    onDidChangeActive: changed.event
  };
}
