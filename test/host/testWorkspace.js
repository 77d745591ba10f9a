// Creates the throw-away git repositories the extension runs in: an empty one for the
// integration tests (each test creates the records it needs) and a full one for the demo.
import childProcess from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Folder inside a workspace where the runner and the tests exchange files (see runnerBridge.ts). */
export const BRIDGE_FOLDER = '.dr-test';

function git(cwd, args) {
  childProcess.execFileSync('git', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * Makes `dir` a git repository on branch `main` with a local identity, so commits work on a
 * machine with no global git config, and commits whatever `populate(dir)` wrote.
 */
export function createGitWorkspace(dir, populate, identity = { name: 'Deployment Records Tests', email: 'tests@deployment-records.invalid' }) {
  fs.mkdirSync(dir, { recursive: true });
  git(dir, ['-c', 'init.defaultBranch=main', 'init', '--quiet']);
  git(dir, ['config', 'user.name', identity.name]);
  git(dir, ['config', 'user.email', identity.email]);
  git(dir, ['config', 'commit.gpgsign', 'false']);
  // The bridge folder must never make the working tree look dirty to the extension.
  fs.appendFileSync(path.join(dir, '.git', 'info', 'exclude'), `${BRIDGE_FOLDER}/\n`);
  populate(dir);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '--quiet', '-m', 'Initial commit']);
  return dir;
}

/**
 * A workspace whose records live in a folder of the team's choosing (`ops/records`, set in
 * `.vscode/settings.json`) and hold one deployment in progress: VS Code must activate the
 * extension for it with no markdown file opened, so that the timer is there after a reload.
 */
export const CUSTOM_FOLDER_DEPLOYMENT_ID = 'DEP-CUSTOM-FOLDER';
export function createCustomFolderWorkspace(dir) {
  return createGitWorkspace(dir, (root) => {
    fs.mkdirSync(path.join(root, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(root, '.vscode', 'settings.json'), JSON.stringify({ 'deploymentRecords.checklistsFolder': 'ops/records' }, null, 2));
    const records = path.join(root, 'ops', 'records');
    fs.mkdirSync(records, { recursive: true });
    const started = new Date(Date.now() - 5 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    fs.writeFileSync(
      path.join(records, '2026-01-01-10-00-deployment.md'),
      [
        '# Deployment Checklist',
        '',
        '## Deployment Metadata',
        `- **Deployment ID**: ${CUSTOM_FOLDER_DEPLOYMENT_ID}`,
        `- **Start Time**: ${started}`,
        '- **Operator**: tests',
        '- **Environment**: staging',
        '',
        '## Deployment Metrics',
        `- **Planning Start**: ${started}`,
        '- **Success Status**: 🔄 In progress',
        ''
      ].join('\n')
    );
  });
}

/** The integration tests' workspace: `deployments/checklists/` and nothing else. */
export function createTestWorkspace(dir) {
  return createGitWorkspace(dir, (root) => {
    const checklists = path.join(root, 'deployments', 'checklists');
    fs.mkdirSync(checklists, { recursive: true });
    fs.writeFileSync(path.join(checklists, '.gitkeep'), '');
  });
}

/**
 * A multi-root workspace in `dir`: one test workspace (its own git repository) per name, and
 * a `.code-workspace` file listing them in that order. Returns the first folder, where the
 * runner bridge lives, and the workspace file to open.
 */
export function createMultiRootTestWorkspace(dir, names) {
  const folders = names.map((name) => createTestWorkspace(path.join(dir, name)));
  const workspaceFile = path.join(dir, 'multi-root.code-workspace');
  fs.writeFileSync(workspaceFile, JSON.stringify({ folders: names.map((name) => ({ path: name })) }, null, 2));
  return { firstFolder: folders[0], workspaceFile };
}
