import * as path from 'node:path';
import * as vscode from 'vscode';
import { isDeploymentInProgress } from '../core/record/activeRecord';
import type { Outcome } from '../core/record/recordTypes';
import type { StoredRecord } from './recordStore';

/** The slice of the active-deployment tracker that the editing features read. */
export interface DeploymentsSource {
  all(): readonly { readonly folder: vscode.WorkspaceFolder; readonly records: readonly StoredRecord[]; readonly active?: StoredRecord }[];
  readonly onDidChange: vscode.Event<unknown>;
}

export const DEPLOYMENTS_VIEW = 'deploymentRecords.deployments';

/**
 * A workspace folder's records, the top level of the view in a window of more than one
 * folder (as the Source Control and Testing views group by folder): two folders' records
 * may share an ID and a month. A window of one folder has no folder level.
 */
export interface FolderNode {
  readonly kind: 'folder';
  readonly folder: vscode.WorkspaceFolder;
  readonly months: readonly MonthNode[];
  readonly count: number;
}

/** A month group, e.g. "September 2025". */
export interface MonthNode {
  readonly kind: 'month';
  /** Unique in the view: `2025-09`, or `<folder URI>#2025-09` under a folder node. */
  readonly key: string;
  readonly label: string;
  readonly records: readonly RecordNode[];
}

/**
 * One record. `uri` is what the tree's context menu passes to the lifecycle commands
 * (`finishDeployment`, `commitRecord`, `openRecord`) as their `{ uri }` argument.
 */
export interface RecordNode {
  readonly kind: 'record';
  readonly uri: vscode.Uri;
  readonly record: StoredRecord;
  /** The folder's active deployment, the one the status bar follows. */
  readonly active: boolean;
  /** Still in progress, active or not (one started with Start Anyway is not): Finish is offered. */
  readonly inProgress: boolean;
}

export type DeploymentsNode = FolderNode | MonthNode | RecordNode;

const OUTCOME_ICONS: Readonly<Record<Outcome, { icon: string; color: string; label: string }>> = {
  success: { icon: 'pass', color: 'testing.iconPassed', label: 'succeeded' },
  failed: { icon: 'error', color: 'testing.iconFailed', label: 'failed' },
  rolledBack: { icon: 'discard', color: 'list.warningForeground', label: 'rolled back' },
  aborted: { icon: 'circle-slash', color: 'disabledForeground', label: 'aborted' },
  inProgress: { icon: 'sync', color: 'charts.blue', label: 'in progress' }
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function monthOf(record: StoredRecord): { key: string; label: string } {
  const wall = record.parsed.startTime?.wall;
  if (!wall) {
    return { key: '0000-00', label: 'Undated' };
  }
  return { key: `${wall.year}-${String(wall.month).padStart(2, '0')}`, label: `${MONTHS[wall.month - 1]} ${wall.year}` };
}

/** Newest first by start time; the file name (which holds the start minute) breaks ties. */
function newestFirst(a: StoredRecord, b: StoredRecord): number {
  const byTime = (b.parsed.startTime?.epochMs ?? -Infinity) - (a.parsed.startTime?.epochMs ?? -Infinity);
  return byTime !== 0 && !Number.isNaN(byTime) ? byTime : path.basename(b.uri.fsPath).localeCompare(path.basename(a.uri.fsPath));
}

/** The records of `states`, newest first, grouped by month; `keyPrefix` keeps month keys unique across folders. */
function monthsOf(states: ReturnType<DeploymentsSource['all']>, keyPrefix: string): MonthNode[] {
  const nodes: RecordNode[] = [];
  for (const state of states) {
    for (const record of state.records) {
      nodes.push({
        kind: 'record',
        uri: record.uri,
        record,
        active: state.active?.uri.toString() === record.uri.toString(),
        inProgress: isDeploymentInProgress(record.parsed)
      });
    }
  }
  nodes.sort((a, b) => newestFirst(a.record, b.record));
  const months = new Map<string, { label: string; records: RecordNode[] }>();
  for (const node of nodes) {
    const { key, label } = monthOf(node.record);
    const group = months.get(key) ?? { label, records: [] };
    group.records.push(node);
    months.set(key, group);
  }
  return [...months].map(([key, group]) => ({ kind: 'month', key: `${keyPrefix}${key}`, label: group.label, records: group.records }));
}

/**
 * Lists records newest first, grouped by month, with outcome icons and the active one marked;
 * in a window of more than one folder, grouped by workspace folder first.
 */
export class DeploymentsTreeProvider implements vscode.TreeDataProvider<DeploymentsNode> {
  private readonly changed = new vscode.EventEmitter<DeploymentsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly source: DeploymentsSource) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(element?: DeploymentsNode): DeploymentsNode[] {
    if (element) {
      return element.kind === 'folder' ? [...element.months] : element.kind === 'month' ? [...element.records] : [];
    }
    const states = this.source.all();
    if ((vscode.workspace.workspaceFolders?.length ?? 0) <= 1) {
      return monthsOf(states, '');
    }
    // In the window's folder order, as the Explorer lists them; folders without records are left out,
    // so a window without any still shows the view's welcome.
    const order = (folder: vscode.WorkspaceFolder) => folder.index;
    return [...states]
      .filter((state) => state.records.length > 0)
      .sort((a, b) => order(a.folder) - order(b.folder))
      .map((state): FolderNode => ({ kind: 'folder', folder: state.folder, months: monthsOf([state], `${state.folder.uri.toString()}#`), count: state.records.length }));
  }

  getTreeItem(element: DeploymentsNode): vscode.TreeItem {
    if (element.kind === 'folder') {
      const item = new vscode.TreeItem(element.folder.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `folder:${element.folder.uri.toString()}`;
      item.resourceUri = element.folder.uri;
      item.iconPath = vscode.ThemeIcon.Folder;
      item.description = `${element.count}`;
      item.tooltip = `${element.folder.name}: ${element.count} ${element.count === 1 ? 'record' : 'records'}`;
      item.contextValue = 'deploymentFolder';
      return item;
    }
    if (element.kind === 'month') {
      const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `month:${element.key}`;
      item.description = `${element.records.length}`;
      item.contextValue = 'deploymentMonth';
      return item;
    }
    const { parsed } = element.record;
    const outcome = OUTCOME_ICONS[parsed.outcome];
    const name = parsed.id ?? path.basename(element.uri.fsPath, '.md');
    const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
    item.id = element.uri.toString();
    item.resourceUri = element.uri;
    item.iconPath = element.active
      ? new vscode.ThemeIcon('record', new vscode.ThemeColor('charts.orange'))
      : new vscode.ThemeIcon(outcome.icon, new vscode.ThemeColor(outcome.color));
    const details = [element.active ? 'active' : outcome.label, parsed.environment, parsed.operator].filter((d) => d);
    item.description = details.join(' · ');
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendText(`${name} — ${element.active ? 'active deployment, ' : ''}${outcome.label}`);
    tooltip.appendMarkdown('\n\n');
    tooltip.appendText(vscode.workspace.asRelativePath(element.uri));
    item.tooltip = tooltip;
    // package.json offers Finish on `deploymentRecord.active` and `deploymentRecord.inProgress`.
    item.contextValue = element.active ? 'deploymentRecord.active' : element.inProgress ? 'deploymentRecord.inProgress' : 'deploymentRecord';
    item.command = { title: 'Open Deployment Record', command: 'vscode.open', arguments: [element.uri] };
    return item;
  }
}

/** Registers the Deployments view and the command that opens a record from it. */
export function registerDeploymentsTree(context: vscode.ExtensionContext, source: DeploymentsSource): DeploymentsTreeProvider {
  const provider = new DeploymentsTreeProvider(source);
  context.subscriptions.push(
    vscode.window.createTreeView(DEPLOYMENTS_VIEW, { treeDataProvider: provider, showCollapseAll: true }),
    source.onDidChange(() => provider.refresh()),
    vscode.commands.registerCommand('deploymentRecords.openRecord', async (arg?: unknown) => {
      const uri = arg instanceof vscode.Uri ? arg : (arg as { uri?: unknown } | undefined)?.uri;
      const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri instanceof vscode.Uri ? uri : undefined;
      if (target) {
        await vscode.window.showTextDocument(target, { preview: false });
      }
    })
  );
  return provider;
}
