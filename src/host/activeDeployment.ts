import * as path from 'node:path';
import * as vscode from 'vscode';
import { pickActiveRecord } from '../core/record/activeRecord';
import { forgetOnDiskSpellings, listRecords, onDiskChecklistsFolderUri, StoredRecord } from './recordStore';
import { affectsRecordLocation, readLifecycleSettings } from './settings';

/** What one workspace folder's checklists folder holds right now. */
export interface FolderDeployments {
  readonly folder: vscode.WorkspaceFolder;
  readonly checklistsUri: vscode.Uri;
  readonly records: readonly StoredRecord[];
  /** The newest unfinished record with metadata, if any. */
  readonly active?: StoredRecord;
}

const REFRESH_DELAY_MS = 150;

/**
 * Derives the active deployment of every workspace folder from the record files themselves
 * (and from open editors' buffers), so it survives a window reload and every window agrees.
 * Nothing is remembered in extension state.
 */
export class ActiveDeployments implements vscode.Disposable {
  private readonly states = new Map<string, FolderDeployments>();
  private readonly watchers = new Map<string, vscode.FileSystemWatcher>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly generations = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changeEmitter = new vscode.EventEmitter<vscode.WorkspaceFolder>();
  private readyPromise: Promise<void> = Promise.resolve();

  /** Fires after a folder's records were re-read (the active record may or may not have changed). */
  readonly onDidChange = this.changeEmitter.event;

  constructor() {
    this.disposables.push(
      this.changeEmitter,
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rebuild()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsRecordLocation(event)) {
          this.rebuild();
        }
      }),
      vscode.workspace.onDidChangeTextDocument((event) => this.onDocument(event.document)),
      vscode.workspace.onDidOpenTextDocument((doc) => this.onDocument(doc)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.onDocument(doc))
    );
    this.rebuild();
  }

  /** Resolves once every folder has been read at least once since the last rebuild. */
  ready(): Promise<void> {
    return this.readyPromise;
  }

  get(folder: vscode.WorkspaceFolder): FolderDeployments | undefined {
    return this.states.get(folder.uri.toString());
  }

  all(): FolderDeployments[] {
    return [...this.states.values()];
  }

  /**
   * The folder a command or the status bar is about: the active editor's folder; else the
   * only folder; else the first folder with an active deployment; else the first folder.
   */
  currentFolder(): vscode.WorkspaceFolder | undefined {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const editorUri = vscode.window.activeTextEditor?.document.uri;
    const editorFolder = editorUri ? vscode.workspace.getWorkspaceFolder(editorUri) : undefined;
    if (editorFolder) {
      return editorFolder;
    }
    if (folders.length <= 1) {
      return folders[0];
    }
    return this.all().find((s) => s.active)?.folder ?? folders[0];
  }

  /** Re-reads a folder's records now; commands call this after writing so state is current at once. */
  async refresh(folder: vscode.WorkspaceFolder): Promise<FolderDeployments> {
    const key = folder.uri.toString();
    const timer = this.pending.get(key);
    if (timer) {
      clearTimeout(timer);
      this.pending.delete(key);
    }
    const generation = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, generation);
    // Spelled as on disk, so that records' paths are those of the editors open on them.
    const checklistsUri = await onDiskChecklistsFolderUri(folder, readLifecycleSettings(folder).checklistsFolder);
    const records = await listRecords(checklistsUri);
    const state: FolderDeployments = { folder, checklistsUri, records, active: pickActiveRecord(records) };
    // A newer refresh started while this one read files: its result wins.
    if (this.generations.get(key) === generation && vscode.workspace.getWorkspaceFolder(folder.uri)) {
      this.states.set(key, state);
      this.updateContextKey();
      this.changeEmitter.fire(folder);
    }
    return this.states.get(key) ?? state;
  }

  private rebuild(): void {
    for (const watcher of this.watchers.values()) {
      watcher.dispose();
    }
    this.watchers.clear();
    this.states.clear();
    // The setting or the folders changed: spell the checklists folders on disk afresh.
    forgetOnDiskSpellings();
    const folders = vscode.workspace.workspaceFolders ?? [];
    for (const folder of folders) {
      const relative = readLifecycleSettings(folder).checklistsFolder.replace(/\\/g, '/').replace(/\/+$/, '');
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `${relative}/*.md`));
      const schedule = () => this.schedule(folder);
      watcher.onDidCreate(schedule);
      watcher.onDidChange(schedule);
      watcher.onDidDelete(schedule);
      this.watchers.set(folder.uri.toString(), watcher);
    }
    this.readyPromise = Promise.all(folders.map((f) => this.refresh(f))).then(() => undefined, () => undefined);
    this.updateContextKey();
  }

  private onDocument(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file' || !doc.uri.fsPath.toLowerCase().endsWith('.md')) {
      return;
    }
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    const state = folder && this.get(folder);
    if (folder && state && path.dirname(doc.uri.fsPath) === state.checklistsUri.fsPath) {
      this.schedule(folder);
    }
  }

  /** Typing and file events come in bursts; one re-read per burst is enough. */
  private schedule(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    const existing = this.pending.get(key);
    if (existing) {
      clearTimeout(existing);
    }
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      void this.refresh(folder);
    }, REFRESH_DELAY_MS));
  }

  private updateContextKey(): void {
    const anyActive = this.all().some((s) => s.active !== undefined);
    void vscode.commands.executeCommand('setContext', 'deploymentRecords.active', anyActive);
  }

  dispose(): void {
    for (const timer of this.pending.values()) {
      clearTimeout(timer);
    }
    this.pending.clear();
    for (const watcher of this.watchers.values()) {
      watcher.dispose();
    }
    this.watchers.clear();
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
