import type MarkdownIt from 'markdown-it';
import * as vscode from 'vscode';
import { deploymentStatusPlugin } from '../core/markdown/statusPlugin';
import type { ActiveDeployments } from './activeDeployment';
import { registerCycleItemStatusCommand } from './cycleItemStatus';
import { registerStatusDecorations } from './decorations';
import { DeploymentsNode, registerDeploymentsTree } from './deploymentsTree';
import { registerPlaceholderDiagnostics } from './placeholderDiagnostics';
import { registerRecordCodeLens } from './recordCodeLens';
import { highlightAllMarkdown } from './recordDocuments';
import { readLifecycleSettings } from './settings';

/** What activate() returns for the editing features: the markdown preview hook. */
export interface ChecklistEditingApi {
  extendMarkdownIt(md: MarkdownIt): MarkdownIt;
}

function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

/**
 * Registers everything that makes a record's state visible while it is edited: decorations,
 * placeholder warnings, the cycle command, the CodeLens, the Deployments view, and the
 * markdown preview plugin. Two hidden commands (`deploymentRecords._decorationsFor`,
 * `deploymentRecords._deploymentsTree`) let the integration tests see what the user sees.
 */
export function registerChecklistEditing(context: vscode.ExtensionContext, deployments: ActiveDeployments): ChecklistEditingApi {
  const decorations = registerStatusDecorations(context);
  registerPlaceholderDiagnostics(context);
  registerCycleItemStatusCommand(context);
  registerRecordCodeLens(context, deployments);
  const tree = registerDeploymentsTree(context, deployments);

  context.subscriptions.push(
    vscode.commands.registerCommand('deploymentRecords._decorationsFor', (uri: string | vscode.Uri) =>
      decorations.linesFor(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri)),
    vscode.commands.registerCommand('deploymentRecords._deploymentsTree', async () => {
      await deployments.ready();
      const describe = (node: DeploymentsNode): object => {
        const item = tree.getTreeItem(node);
        const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
        return {
          label: labelOf(item),
          description: item.description,
          icon,
          contextValue: item.contextValue,
          uri: node.kind === 'record' ? node.uri.toString() : undefined,
          children: tree.getChildren(node).map(describe)
        };
      };
      return tree.getChildren().map(describe);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('deploymentRecords.decorations.allMarkdown') || event.affectsConfiguration('deploymentRecords.checklistsFolder')) {
        void vscode.commands.executeCommand('markdown.preview.refresh');
      }
    })
  );

  return {
    // The preview passes the document's URI: its own folder's settings decide, as in the editor.
    extendMarkdownIt: (md) => md.use(deploymentStatusPlugin, {
      checklistsFolder: (document) => readLifecycleSettings(document instanceof vscode.Uri ? vscode.workspace.getWorkspaceFolder(document) : vscode.workspace.workspaceFolders?.[0]).checklistsFolder,
      allMarkdown: (document) => highlightAllMarkdown(document instanceof vscode.Uri ? document : undefined)
    })
  };
}
