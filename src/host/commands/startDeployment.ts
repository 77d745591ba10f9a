import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { detectEnvironment, projectPath } from '../../core/environment';
import { nextDeploymentId, recordFileName } from '../../core/record/recordFiles';
import { renderNewRecord } from '../../core/record/recordWriter';
import { describeWorkingTree, readGitState, readGitUserName } from '../gitAdapter';
import { createFileExclusively, StoredRecord } from '../recordStore';
import { LifecycleSettings, readLifecycleSettings } from '../settings';
import { resolveTemplate, TemplatePathError } from '../templateResolver';
import { collectToolVersions } from '../toolVersions';
import { UserFacingError } from '../userFacingError';
import { createsInside } from '../workspaceContainment';
import { LifecycleDeps, optionsOf, recordName, registerLifecycleCommand, requireFolder, workspaceFolderOption } from './commandSupport';
import { finishDeployment } from './finishDeployment';
import { localWall, nowTimestamp } from './timestamps';

/** Arguments for non-interactive use (tests, tasks). */
export interface StartOptions {
  /** Environment to record; the quick pick is skipped when given. */
  readonly environment: string;
  /**
   * When a deployment is already in progress in the folder: true starts another alongside it,
   * false starts nothing. Without it, the user is asked.
   */
  readonly startAlongside: boolean;
  /**
   * The workspace folder to start in (its Uri, URI string or absolute path), as the analytics
   * panel passes its own; default: the active editor's folder.
   */
  readonly folder: string | vscode.Uri;
}

const FINISH_FIRST = 'Finish It First';
const START_ANYWAY = 'Start Anyway';

/**
 * Whether to go on when `running` is still in progress in the folder: a second start leaves it
 * in progress but out of the status bar, which follows the newest, so the user decides (or a
 * script, with `startAlongside`). Finishing it first runs Finish on it; cancelling that cancels
 * the start too.
 */
async function settleRunningDeployment(deps: LifecycleDeps, folder: vscode.WorkspaceFolder, running: StoredRecord, startAlongside: boolean | undefined): Promise<boolean> {
  const name = recordName(folder, running);
  // The start day and minute, so a record left running since last week is recognised as such.
  const wall = running.parsed.startTime?.wall;
  const pad = (n: number) => String(n).padStart(2, '0');
  const since = wall ? ` (started ${wall.year}-${pad(wall.month)}-${pad(wall.day)} ${pad(wall.hour)}:${pad(wall.minute)})` : '';
  if (startAlongside === false) {
    void vscode.window.showInformationMessage(`No deployment was started: ${name} is still in progress${since}. Finish it first, or start with startAlongside: true.`);
    return false;
  }
  if (startAlongside === true) {
    return true;
  }
  const choice = await vscode.window.showWarningMessage(
    `${name} is still in progress${since}. Finish it before starting another deployment?`,
    {
      modal: true,
      detail: `If you start another, ${name} stays in progress but the status bar follows the new one; you can still finish ${name} from the Deployments view or its editor's title bar.`
    },
    FINISH_FIRST, START_ANYWAY
  );
  if (choice === FINISH_FIRST) {
    return (await finishDeployment(deps, { uri: running.uri })) !== undefined;
  }
  return choice === START_ANYWAY;
}

/** A new record never silently replaces one; after this many taken names, give up with a message. */
const MAX_SUFFIX_ATTEMPTS = 50;

/** The newest finished record for the same environment, for `Previous Deployment`. */
export function previousDeployment(records: readonly StoredRecord[], environment: string): { id: string; commit?: string } | undefined {
  const finished = records
    .filter((r) => r.parsed.outcome !== 'inProgress' && r.parsed.id !== undefined
      && (r.parsed.environment ?? '').trim().toLowerCase() === environment.trim().toLowerCase())
    .sort((a, b) => (a.parsed.startTime?.epochMs ?? 0) - (b.parsed.startTime?.epochMs ?? 0));
  const last = finished[finished.length - 1];
  return last?.parsed.id ? { id: last.parsed.id, commit: last.parsed.commit } : undefined;
}

/**
 * The folder holding the `.git` (a folder, or a file in a worktree or submodule) nearest above
 * `dir`: the repository's own folder, whose name and the path below it identify the project.
 */
async function repositoryRootOf(dir: string): Promise<string | undefined> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    try {
      await fs.lstat(path.join(current, '.git'));
      return current;
    } catch {
      // Not here: look one folder up.
    }
    if (path.dirname(current) === current) {
      return undefined;
    }
  }
}

async function pickEnvironment(settings: LifecycleSettings, detected: string): Promise<string | undefined> {
  const names = [detected, ...settings.environments.filter((e) => e.toLowerCase() !== detected.toLowerCase())];
  const other = '$(edit) Other…';
  const pick = await vscode.window.showQuickPick(
    [...names.map((name) => ({ label: name, description: name === detected ? 'detected' : undefined })), { label: other }],
    { title: 'Start Deployment', placeHolder: `Environment (detected: ${detected})` }
  );
  if (!pick) {
    return undefined;
  }
  if (pick.label !== other) {
    return pick.label;
  }
  const typed = await vscode.window.showInputBox({
    title: 'Start Deployment', prompt: 'Environment name',
    validateInput: (v) => (v.trim() === '' ? 'Type an environment name.' : undefined)
  });
  return typed?.trim() || undefined;
}

function writeFailure(error: unknown, folderLabel: string): UserFacingError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
    ? 'it is not writable'
    : (error instanceof Error ? error.message : String(error));
  return new UserFacingError(`The record could not be created in ${folderLabel}: ${reason}. Check that the folder exists and is writable (setting deploymentRecords.checklistsFolder), then start again. Nothing was written.`);
}

async function startDeployment(deps: LifecycleDeps, options: Partial<StartOptions> | undefined): Promise<vscode.Uri | undefined> {
  const folder = workspaceFolderOption(options?.folder) ?? requireFolder(deps);
  const settings = readLifecycleSettings(folder);
  const root = folder.uri.fsPath;
  // Like the template path, the folder comes from settings a cloned repository may ship:
  // a new record is never written outside the workspace folder.
  const folderSegments = settings.checklistsFolder.split(/[\\/]+/);
  if (path.isAbsolute(settings.checklistsFolder) || /^[a-zA-Z]:/.test(settings.checklistsFolder) || folderSegments.includes('..')) {
    throw new UserFacingError(`The checklists folder “${settings.checklistsFolder}” (setting deploymentRecords.checklistsFolder) must be a folder inside the workspace, without “..”. Change the setting to a relative path such as deployments/checklists. Nothing was written.`);
  }
  // Before any slow work starts: the answer may be not to start at all.
  const running = (await deps.deployments.refresh(folder)).active;
  if (running && !(await settleRunningDeployment(deps, folder, running, options?.startAlongside))) {
    return undefined;
  }
  // Slow work starts at once and runs while the user picks the environment.
  const toolsPromise = collectToolVersions(settings.toolVersionCommands, root, vscode.workspace.isTrusted);
  const operatorPromise = settings.operator
    ? Promise.resolve(settings.operator)
    : readGitUserName(root).then((name) => name ?? os.userInfo().username);

  let template;
  try {
    template = await resolveTemplate(folder, settings.templatePath, deps.extensionUri);
  } catch (error) {
    if (error instanceof TemplatePathError) {
      throw new UserFacingError(error.message);
    }
    throw error;
  }
  const gitState = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Start Deployment: reading git state…' },
    () => readGitState(root)
  );
  // Rules see the project's own path, never where the home folder keeps projects (~/dev…).
  const repositoryRoot = gitState.kind === 'repository' ? await repositoryRootOf(root) : undefined;
  const detected = detectEnvironment([...settings.environmentRules], {
    projectPath: projectPath(root, { repositoryRoot, homeFolder: os.homedir() }),
    branch: gitState.kind === 'repository' ? gitState.branch : undefined
  });
  const environment = options?.environment?.trim() || await pickEnvironment(settings, detected);
  if (!environment) {
    return undefined;
  }

  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Start Deployment', cancellable: false },
    async (progress) => {
      progress.report({ message: 'collecting tool versions…' });
      const [toolVersions, operator] = await Promise.all([toolsPromise, operatorPromise]);
      progress.report({ message: 'creating the record…' });
      const state = await deps.deployments.refresh(folder);
      // The setting has no `..`, but the folder (or a folder above it) may be a link the
      // repository ships: follow it before anything is created.
      if (!(await createsInside(root, state.checklistsUri.fsPath))) {
        throw new UserFacingError(`The checklists folder “${settings.checklistsFolder}” (setting deploymentRecords.checklistsFolder) leads outside the workspace folder through a symbolic link, so no record is created there. Point the setting at a folder inside the workspace, or add the folder the link points to as a workspace folder. Nothing was written.`);
      }
      const taken = new Set(state.records.map((r) => r.parsed.id).filter((id): id is string => id !== undefined));
      const now = new Date();
      const wall = localWall(now);
      const relativeFolder = settings.checklistsFolder;
      for (let attempt = 0; attempt < MAX_SUFFIX_ATTEMPTS; attempt++) {
        const { id, suffix } = nextDeploymentId(wall, taken);
        const text = renderNewRecord(template.text, {
          deploymentId: id,
          startTime: nowTimestamp(now),
          operator,
          environment,
          gitBranch: gitState.kind === 'repository' && !gitState.detached ? gitState.branch : undefined,
          gitCommit: gitState.kind === 'repository' ? gitState.commit : undefined,
          workingTree: describeWorkingTree(gitState),
          previousDeployment: previousDeployment(state.records, environment),
          toolVersions,
          workingDirectory: '.',
          customPhases: [...settings.customPhases]
        });
        const target = vscode.Uri.joinPath(state.checklistsUri, recordFileName(wall, suffix));
        let created: boolean;
        try {
          created = await createFileExclusively(target.fsPath, text);
        } catch (error) {
          throw writeFailure(error, relativeFolder);
        }
        taken.add(id);
        if (created) {
          await deps.deployments.refresh(folder);
          const editor = await vscode.window.showTextDocument(target, { preview: false });
          if (!editor.document.isDirty && editor.document.getText() !== text) {
            // A clean document of a deleted record with the same name can linger for a moment:
            // reload it so the user sees, and edits, the new record.
            await vscode.commands.executeCommand('workbench.action.files.revert');
          }
          if (gitState.kind === 'gitMissing') {
            void vscode.window.showWarningMessage(`${id} was started without git facts: git is not installed or not on the PATH. Install git to record the branch and commit next time.`);
          }
          return target;
        }
      }
      throw new UserFacingError(`Every record name for this minute is taken in ${relativeFolder}. Wait a minute and start again.`);
    }
  );
}

export function registerStartCommand(deps: LifecycleDeps): vscode.Disposable {
  return registerLifecycleCommand('deploymentRecords.startDeployment', (arg?: unknown) =>
    startDeployment(deps, optionsOf<StartOptions>(arg)));
}
