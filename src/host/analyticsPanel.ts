import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { readAlertThresholds } from './settings';
import type { DeploymentAnalytics } from '../core/analytics/analyticsTypes';
import { readFilters, readPageMessage, readStateFolder, type HostMessage, type PageMessage, type PanelFilters, type RenderSummary } from '../protocol';
import { buildPanelHtml, createNonce } from './analyticsPanelHtml';
import { createGitCommitHistory } from '../core/analytics/gitCommitHistory';
import { EXPORT_ALL_DEPLOYMENTS, serializeMetrics } from '../core/analytics/metricsExport';
import { buildPanelMessage, sinceForRange } from './analyticsPanelModel';
import { createFolderAnalyzer, type FolderAnalyzer } from './analyticsPanelSource';
import { readLifecycleSettings } from './settings';
import { checklistsFolderUri, onDiskChecklistsFolderUri } from './recordStore';
import { errorCode } from './errorCode';
import {
  analysisFailureMessage,
  exportReadFailureMessage,
  exportWriteFailureMessage,
  openRecordFailureMessage,
  writeErrorCode,
  writeFailureReasonOf
} from './analyticsPanelMessages';

/**
 * The analytics panel: one webview per window, fed by the analytics engine over the
 * checklists folder, refreshed by a file watcher, restored after a reload by a serializer.
 */

export const ANALYTICS_VIEW_TYPE = 'deploymentRecords.analytics';
const FILTERS_KEY = 'deploymentRecords.analytics.filters';
/** Saves come in bursts (format-on-save, git checkouts): one analysis per burst. */
const REFRESH_DEBOUNCE_MS = 100;

export type ExportFormat = 'json' | 'csv';

export interface AnalyticsPanelDeps {
  /** The engine over one checklists folder (absolute path); repeated calls reuse its per-file cache. */
  analyzerFor(folderPath: string, onLeadTimesChanged: () => void): FolderAnalyzer;
  /** The core's serializer for `metrics` exports, shared with the CLI's `export`. */
  serializeMetrics(analytics: DeploymentAnalytics, format: ExportFormat): string;
}

/** The real engine: the folder scanner, and git history for lead time only in a trusted workspace. */
export const defaultAnalyticsPanelDeps: AnalyticsPanelDeps = {
  analyzerFor: (folderPath, onLeadTimesChanged) =>
    createFolderAnalyzer(folderPath, {
      history: vscode.workspace.isTrusted ? createGitCommitHistory(folderPath) : undefined,
      withoutHistory: 'git history is not read in a restricted workspace',
      onLeadTimesChanged,
      thresholds: () => readAlertThresholds(vscode.Uri.file(folderPath))
    }),
  serializeMetrics
};

/** What tests (through the extension's exports) and other features can see of the panel. */
export interface AnalyticsPanelApi {
  /** The open panel, if any. */
  readonly current: AnalyticsPanel | undefined;
  /** Fires after the page reports it drew a state. */
  readonly onDidRender: vscode.Event<RenderSummary>;
  /** Restores a panel the way VS Code does after a window reload, from the state the page saved. */
  restore(webviewPanel: vscode.WebviewPanel, state: unknown): Thenable<void>;
}

function workspaceFolder(): vscode.WorkspaceFolder | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  return (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
}

/**
 * What the file watcher listens to for a checklists folder inside the workspace folder: the
 * folder, everything under it, and each folder above it up to the workspace folder, since
 * VS Code may report a new folder tree by its top folder alone (`ops/` for a record written
 * to a new `ops/checklists/`). A name with glob characters would be read as a pattern, so the
 * whole workspace folder is watched then; the handler keeps only the events that matter.
 */
function watchPattern(workspaceFolder: vscode.WorkspaceFolder, folder: vscode.Uri): vscode.RelativePattern {
  const relative = path.relative(workspaceFolder.uri.fsPath, folder.fsPath).split(path.sep).join('/');
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    return new vscode.RelativePattern(folder, '**');
  }
  if (relative === '' || /[*?[\]{},!]/.test(relative)) {
    return new vscode.RelativePattern(workspaceFolder, '**');
  }
  const segments = relative.split('/');
  const aboveAndAt = segments.map((_, i) => segments.slice(0, i + 1).join('/'));
  return new vscode.RelativePattern(workspaceFolder, `{${[...aboveAndAt, `${relative}/**`].join(',')}}`);
}

/** True when `outer` is a folder above `inner` (not `inner` itself). */
function isAbove(outer: string, inner: string): boolean {
  const relative = path.relative(outer, inner);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** The folder the panel reads, the engine over it, and the watcher that feeds the engine. */
interface WatchedFolder {
  readonly folder: vscode.Uri;
  readonly analyzer: FolderAnalyzer;
  readonly watcher: vscode.Disposable;
}

/** Focus (or create, one past the last) the editor group of ViewColumn n + 1. */
const FOCUS_GROUP_COMMANDS = [
  'workbench.action.focusFirstEditorGroup',
  'workbench.action.focusSecondEditorGroup',
  'workbench.action.focusThirdEditorGroup',
  'workbench.action.focusFourthEditorGroup',
  'workbench.action.focusFifthEditorGroup',
  'workbench.action.focusSixthEditorGroup',
  'workbench.action.focusSeventhEditorGroup',
  'workbench.action.focusEighthEditorGroup'
];

function errorFile(error: unknown): string | undefined {
  const file = (error as { path?: unknown; file?: unknown } | undefined)?.path ?? (error as { file?: unknown } | undefined)?.file;
  return typeof file === 'string' ? vscode.workspace.asRelativePath(file, false) : undefined;
}

/** The panel's error state, or Export's message, for a failed analysis of `folder`, in words. */
function analysisFailure(folder: vscode.Uri, error: unknown): { message: string; file: string } {
  const code = errorCode(error);
  const detail = code === undefined ? (error instanceof Error ? error.message : String(error)) : undefined;
  return analysisFailureMessage(vscode.workspace.asRelativePath(folder, false), errorFile(error), code, detail);
}

/**
 * The part of `uri`'s path that is a file where a folder should be, as the user knows it; VS Code
 * reports a write under a file without an error code that says so. Undefined when there is none
 * or `uri` is not on disk.
 */
async function fileInThePath(uri: vscode.Uri): Promise<string | undefined> {
  if (uri.scheme !== 'file') {
    return undefined;
  }
  for (let dir = path.dirname(uri.fsPath); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const stat = await fs.stat(dir).catch(() => undefined);
    if (stat) {
      return stat.isDirectory() ? undefined : vscode.workspace.asRelativePath(dir, false);
    }
  }
  return undefined;
}

/** Whether `uri` is on disk and gone. */
async function isMissing(uri: vscode.Uri): Promise<boolean> {
  return uri.scheme === 'file' && (await fs.stat(uri.fsPath).then(() => false, (error: unknown) => errorCode(error) === 'ENOENT'));
}

export class AnalyticsPanel implements vscode.Disposable {
  /** The last message posted to the page, for tests. */
  lastPosted: HostMessage | undefined;
  /** The last render the page reported, for tests. */
  lastRendered: RenderSummary | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private pageReady = false;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  private source!: WatchedFolder;

  constructor(
    readonly webviewPanel: vscode.WebviewPanel,
    readonly workspaceFolder: vscode.WorkspaceFolder,
    private filters: PanelFilters,
    private readonly context: vscode.ExtensionContext,
    private readonly deps: AnalyticsPanelDeps,
    private readonly editorColumn: () => vscode.ViewColumn | undefined,
    private readonly onRendered: (summary: RenderSummary) => void,
    private readonly onDisposed: () => void
  ) {
    this.watchChecklistsFolder();
    const webview = webviewPanel.webview;
    webview.options = panelOptions(context.extensionUri);
    webview.html = buildPanelHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      workspaceFolder: workspaceFolder.uri.toString(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview', 'analytics.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'media', 'analytics.css')).toString()
    });
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => {
        const message = readPageMessage(raw);
        if (message) {
          // Nothing the page asks for may end as an unhandled rejection the user never sees.
          this.handle(message).catch((error: unknown) => {
            const reason = error instanceof Error ? error.message : String(error);
            void vscode.window.showErrorMessage(`Deployment Records could not complete the analytics panel's action: ${reason}`);
          });
        }
      }),
      // The analyzer reads git history only in a trusted workspace: once trusted, read it.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.rewatchChecklistsFolder()),
      webviewPanel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('deploymentRecords.checklistsFolder', workspaceFolder.uri)) {
          this.followChecklistsFolderSetting();
        }
        if (event.affectsConfiguration('deploymentRecords.alerts', this.folder)) {
          this.scheduleRefresh();
        }
      })
    );
  }

  /** The checklists folder the panel shows: the setting's, followed when it changes. */
  get folder(): vscode.Uri {
    return this.source.folder;
  }

  get currentFilters(): PanelFilters {
    return this.filters;
  }

  /** Applies filters as the page's selects do, and remembers them for the next panel. */
  async setFilters(filters: PanelFilters): Promise<void> {
    this.filters = filters;
    await this.context.workspaceState.update(FILTERS_KEY, filters);
    await this.refresh();
  }

  reveal(): void {
    this.webviewPanel.reveal(undefined);
  }

  /** Re-analyses now; concurrent requests collapse into one more run after the current one. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        await this.refreshOnce();
      } while (this.refreshAgain && !this.disposed);
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Every deployment's figures under the current filters, for Export Metrics. */
  exportAnalytics(): Promise<DeploymentAnalytics> {
    return exportAnalytics(this.source.analyzer, this.filters);
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    clearTimeout(this.refreshTimer);
    this.source.watcher.dispose();
    for (const disposable of this.disposables.splice(0)) {
      disposable.dispose();
    }
    this.webviewPanel.dispose();
    this.onDisposed();
  }

  /**
   * Reads the checklists folder the settings name and watches it. The watcher is anchored at
   * the workspace folder, which exists, and not at the checklists folder, which may not yet:
   * VS Code does not notice a watched folder appear when its parent is missing too (a fresh
   * repository without `deployments/`), and the panel stayed on "No deployment records yet"
   * until a window reload. See {@link watchPattern} for what it listens to.
   */
  private watchChecklistsFolder(): void {
    // As the setting spells it: nothing can be awaited here. What opens a record asks for the
    // disk's spelling (see openRecord).
    const folder = checklistsFolderUri(this.workspaceFolder, readLifecycleSettings(this.workspaceFolder).checklistsFolder);
    const analyzer = this.deps.analyzerFor(folder.fsPath, () => this.scheduleRefresh());
    const watcher = vscode.workspace.createFileSystemWatcher(watchPattern(this.workspaceFolder, folder));
    const changed = (uri: vscode.Uri) => {
      if (isAbove(uri.fsPath, folder.fsPath)) {
        // A folder above came or went, and the checklists folder with it: read it whole.
        analyzer.noteChanged('');
      } else if (uri.fsPath === folder.fsPath || isAbove(folder.fsPath, uri.fsPath)) {
        // The scanner re-reads only what the watcher names; that is what keeps a save under 300 ms.
        analyzer.noteChanged(path.relative(folder.fsPath, uri.fsPath).split(path.sep).join('/'));
      } else {
        return;
      }
      this.scheduleRefresh();
    };
    this.source = {
      folder,
      analyzer,
      watcher: vscode.Disposable.from(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed))
    };
  }

  private followChecklistsFolderSetting(): void {
    if (this.disposed || checklistsFolderUri(this.workspaceFolder, readLifecycleSettings(this.workspaceFolder).checklistsFolder).fsPath === this.folder.fsPath) {
      return;
    }
    this.rewatchChecklistsFolder();
  }

  /** A fresh analyzer and watcher over the folder the settings name, and a redraw from them. */
  private rewatchChecklistsFolder(): void {
    if (this.disposed) {
      return;
    }
    this.source.watcher.dispose();
    this.watchChecklistsFolder();
    this.scheduleRefresh();
  }

  /**
   * The editor group records open in from the panel, so that the panel stays in view: the
   * group the user last edited in, else another group that shows an editor, else any other
   * group, else a new group after the last one.
   */
  private recordColumn(): vscode.ViewColumn {
    const panelColumn = this.webviewPanel.viewColumn;
    const others = vscode.window.tabGroups.all.map((group) => group.viewColumn).filter((column) => column !== panelColumn);
    const edited = this.editorColumn();
    if (edited !== undefined && others.includes(edited)) {
      return edited;
    }
    const showingEditor = vscode.window.visibleTextEditors.map((editor) => editor.viewColumn).find((column) => column !== undefined && others.includes(column));
    return showingEditor ?? others[0] ?? vscode.window.tabGroups.all.length + 1;
  }

  /** Opens a record of the checklists folder (`file` relative to it) as the page's record links do. */
  async openRecord(file: string): Promise<vscode.TextEditor | undefined> {
    const folder = this.folder;
    const target = path.resolve(folder.fsPath, file);
    const relative = path.relative(folder.fsPath, target);
    // The name came through the page; never let it reach outside the checklists folder.
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      return undefined;
    }
    // Spelled as on disk, as the tree and the context keys spell it, so that the editor-title
    // Finish recognises the editor this opens.
    const setting = readLifecycleSettings(this.workspaceFolder).checklistsFolder;
    const onDisk = checklistsFolderUri(this.workspaceFolder, setting).fsPath === folder.fsPath ? await onDiskChecklistsFolderUri(this.workspaceFolder, setting) : folder;
    const uri = onDisk.fsPath === folder.fsPath ? vscode.Uri.file(target) : vscode.Uri.joinPath(onDisk, ...relative.split(path.sep));
    try {
      return await vscode.window.showTextDocument(uri, { preview: false, viewColumn: this.recordColumn() });
    } catch {
      void vscode.window.showErrorMessage(openRecordFailureMessage(vscode.workspace.asRelativePath(uri, false), await isMissing(uri)));
      return undefined;
    }
  }

  /**
   * Runs Export Metrics as the page's Export buttons do: the figures under the panel's filters,
   * the save dialog in the panel's workspace folder. Failures are shown by the command.
   */
  exportMetrics(format: ExportFormat): Thenable<vscode.Uri | undefined> {
    return vscode.commands.executeCommand<vscode.Uri | undefined>('deploymentRecords.exportMetrics', { format });
  }

  /**
   * Runs Start Deployment as the empty state's button does (`args` as the command takes them;
   * the page passes none), in the panel's own workspace folder. The command opens the new
   * record in the active group, which is the panel's while the user clicks in it: focus the
   * records' group first, so the panel stays in view and shows the record as it is written.
   * That group's editor may belong to another folder of a multi-root window, so the folder is
   * named rather than left to the active editor.
   */
  async startDeployment(args?: unknown): Promise<vscode.Uri | undefined> {
    const column = this.recordColumn();
    const groupsBefore = vscode.window.tabGroups.all.length;
    const focusGroup = FOCUS_GROUP_COMMANDS[column - 1];
    if (focusGroup) {
      await vscode.commands.executeCommand(focusGroup);
    }
    const options = { ...(typeof args === 'object' && args !== null ? args : {}), folder: this.workspaceFolder.uri };
    const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('deploymentRecords.startDeployment', options);
    if (!created) {
      // Cancelled or refused: take back a group made for the record, and give the panel its focus again.
      const made = vscode.window.tabGroups.all.length > groupsBefore ? vscode.window.tabGroups.all.find((group) => group.viewColumn === column) : undefined;
      if (made && made.tabs.length === 0) {
        await vscode.window.tabGroups.close(made);
      }
      this.webviewPanel.reveal(undefined, false);
    }
    return created;
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), REFRESH_DEBOUNCE_MS);
  }

  private async refreshOnce(): Promise<void> {
    let message: HostMessage;
    try {
      const label = vscode.workspace.asRelativePath(this.folder, false);
      message = await buildPanelMessage(this.source.analyzer, this.filters, label);
    } catch (error) {
      message = { type: 'error', ...analysisFailure(this.folder, error) };
    }
    this.post(message);
  }

  private post(message: HostMessage): void {
    // A disposed webview throws on postMessage; an analysis that finishes late is simply dropped.
    if (this.disposed) {
      return;
    }
    this.lastPosted = message;
    if (this.pageReady) {
      void this.webviewPanel.webview.postMessage(message);
    }
  }

  private async handle(message: PageMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        // Also sent when the page reloads after being hidden: resend what it lost.
        this.pageReady = true;
        if (this.lastPosted) {
          void this.webviewPanel.webview.postMessage(this.lastPosted);
        } else {
          await this.refresh();
        }
        break;
      case 'setFilters':
        await this.setFilters(message.filters);
        break;
      case 'openRecord':
        await this.openRecord(message.file);
        break;
      case 'startDeployment':
        await this.startDeployment();
        break;
      case 'exportMetrics':
        await this.exportMetrics(message.format);
        break;
      case 'rendered':
        this.lastRendered = message.summary;
        this.onRendered(message.summary);
        break;
      case 'pageError':
        console.warn(`Deployment analytics page: ${message.message}`);
        break;
    }
  }
}

function exportAnalytics(analyzer: FolderAnalyzer, filters: PanelFilters): Promise<DeploymentAnalytics> {
  return analyzer.analyze({
    environment: filters.environment ?? undefined,
    since: sinceForRange(filters.range, new Date()),
    recentLimit: EXPORT_ALL_DEPLOYMENTS,
    slowestLimit: EXPORT_ALL_DEPLOYMENTS
  });
}

/** Only what the page loads: its script bundle and its stylesheet folder. */
function panelOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')]
  };
}

interface ExportArgs {
  readonly format?: ExportFormat;
  readonly uri?: vscode.Uri;
}

/**
 * Registers Show Analytics, Export Metrics and the panel serializer. Returns the API the
 * extension exports, so integration tests can see what the host posted and the page drew.
 */
export function registerAnalyticsPanel(context: vscode.ExtensionContext, deps: AnalyticsPanelDeps = defaultAnalyticsPanelDeps): AnalyticsPanelApi {
  let current: AnalyticsPanel | undefined;
  const rendered = new vscode.EventEmitter<RenderSummary>();
  context.subscriptions.push(rendered, { dispose: () => current?.dispose() });

  const savedFilters = (): PanelFilters => readFilters(context.workspaceState.get(FILTERS_KEY));

  // The group the user last edited in, where the panel opens records.
  let editorColumn = vscode.window.activeTextEditor?.viewColumn;
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (editor?.viewColumn !== undefined) {
        editorColumn = editor.viewColumn;
      }
    })
  );

  const adopt = (webviewPanel: vscode.WebviewPanel, folder: vscode.WorkspaceFolder, filters: PanelFilters): AnalyticsPanel => {
    current = new AnalyticsPanel(webviewPanel, folder, filters, context, deps, () => editorColumn, (summary) => rendered.fire(summary), () => {
      current = undefined;
    });
    return current;
  };

  const createOrShow = (): AnalyticsPanel | undefined => {
    if (current) {
      current.reveal();
      return current;
    }
    const folder = workspaceFolder();
    if (!folder) {
      void vscode.window.showInformationMessage('Open a folder that holds deployment records to see their analytics.');
      return undefined;
    }
    // Beside the editors, as the README promises, so that the records it links to open next to
    // it rather than over it; in an empty group (no editor open) it takes that group.
    const column = vscode.window.tabGroups.activeTabGroup.tabs.length > 0 ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const webviewPanel = vscode.window.createWebviewPanel(ANALYTICS_VIEW_TYPE, 'Deployment Analytics', column, panelOptions(context.extensionUri));
    return adopt(webviewPanel, folder, savedFilters());
  };

  const exportMetrics = async (args?: ExportArgs): Promise<vscode.Uri | undefined> => {
    // With the panel open, its figures are exported, so the dialog opens in its folder.
    const folder = current?.workspaceFolder ?? workspaceFolder();
    if (!folder && !current) {
      void vscode.window.showInformationMessage('Open a folder that holds deployment records to export their metrics.');
      return undefined;
    }
    const format =
      args?.format ??
      (await vscode.window.showQuickPick(
        [
          { label: 'JSON', description: 'the metrics --json schema', format: 'json' as const },
          { label: 'CSV', description: 'one row per deployment', format: 'csv' as const }
        ],
        { title: 'Export Metrics', placeHolder: 'Format' }
      ))?.format;
    if (!format) {
      return undefined;
    }
    const base = current?.folder ?? (await onDiskChecklistsFolderUri(folder as vscode.WorkspaceFolder, readLifecycleSettings(folder as vscode.WorkspaceFolder).checklistsFolder));
    const uri =
      args?.uri ??
      (await vscode.window.showSaveDialog({
        title: 'Export Metrics',
        defaultUri: vscode.Uri.joinPath(folder?.uri ?? base, `deployment-metrics.${format}`),
        filters: format === 'json' ? { JSON: ['json'] } : { CSV: ['csv'] }
      }));
    if (!uri) {
      return undefined;
    }
    const filters = current?.currentFilters ?? savedFilters();
    let analytics: DeploymentAnalytics;
    try {
      analytics = current ? await current.exportAnalytics() : await exportAnalytics(deps.analyzerFor(base.fsPath, () => undefined), filters);
    } catch (error) {
      void vscode.window.showErrorMessage(exportReadFailureMessage(analysisFailure(current?.folder ?? base, error).message));
      return undefined;
    }
    try {
      await vscode.workspace.fs.writeFile(uri, Buffer.from(deps.serializeMetrics(analytics, format), 'utf8'));
    } catch (error) {
      const shown = vscode.workspace.asRelativePath(uri, false);
      void vscode.window.showErrorMessage(exportWriteFailureMessage(shown, writeFailureReasonOf(writeErrorCode(error), await fileInThePath(uri))));
      return undefined;
    }
    if (!args?.uri) {
      void vscode.window.showInformationMessage(`Exported ${analytics.records} ${analytics.records === 1 ? 'deployment' : 'deployments'} to ${vscode.workspace.asRelativePath(uri)}.`);
    }
    return uri;
  };

  // What VS Code calls after a window reload for a panel that was open: it comes back on the
  // folder and with the filters the page saved with setState, and never as a second panel.
  const serializer: vscode.WebviewPanelSerializer = {
    deserializeWebviewPanel: async (webviewPanel, state: unknown) => {
      // The folder the page saved, if it is still open in this window; else as a new panel picks.
      const saved = readStateFolder(state);
      const folder = (saved && vscode.workspace.workspaceFolders?.find((f) => f.uri.toString() === saved)) || workspaceFolder();
      if (!folder || current) {
        webviewPanel.dispose();
        return;
      }
      const restored = (state as { filters?: unknown } | undefined)?.filters;
      adopt(webviewPanel, folder, restored === undefined ? savedFilters() : readFilters(restored));
    }
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('deploymentRecords.showAnalytics', () => {
      createOrShow();
    }),
    vscode.commands.registerCommand('deploymentRecords.exportMetrics', (args?: ExportArgs) => exportMetrics(args)),
    vscode.window.registerWebviewPanelSerializer(ANALYTICS_VIEW_TYPE, serializer)
  );

  return {
    get current() {
      return current;
    },
    onDidRender: rendered.event,
    restore: (webviewPanel, state) => serializer.deserializeWebviewPanel(webviewPanel, state)
  };
}
