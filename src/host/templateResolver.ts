import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isInside } from './workspaceContainment';

export const BUNDLED_TEMPLATE = ['templates', 'deployment-checklist.md'];
const MAX_TEMPLATE_BYTES = 1024 * 1024;

/** Where the template came from, for the record and for messages. */
export interface ResolvedTemplate {
  readonly text: string;
  readonly source: 'workspace' | 'bundled';
  readonly path: string;
}

/** A template path that is refused; no record is created. */
export class TemplatePathError extends Error {}

/**
 * Finds the template for a new record. The setting is confined to the workspace folder,
 * because a cloned repository's settings choose it: absolute paths, `..` segments and
 * symlinks that lead out are refused. A template that does not exist falls back to the
 * bundled one.
 */
export async function resolveTemplate(folder: vscode.WorkspaceFolder, setting: string, extensionUri: vscode.Uri): Promise<ResolvedTemplate> {
  const segments = setting.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (path.isAbsolute(setting) || /^[a-zA-Z]:/.test(setting) || /^[\\/]/.test(setting) || segments.includes('..') || segments.length === 0) {
    throw new TemplatePathError(`The template path “${setting}” (setting deploymentRecords.templatePath) must be a path inside the workspace folder, without “..”. Change the setting to a relative path such as deployments/deployment-checklist.md.`);
  }
  const root = folder.uri.fsPath;
  const candidate = path.join(root, ...segments);
  let realCandidate: string | undefined;
  try {
    realCandidate = await fs.realpath(candidate);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      throw new TemplatePathError(`The template ${setting} could not be read (${code ?? 'unknown error'}). Check its permissions, or clear deploymentRecords.templatePath to use the bundled template.`);
    }
  }
  if (realCandidate !== undefined) {
    const realRoot = await fs.realpath(root);
    if (!isInside(realRoot, realCandidate)) {
      throw new TemplatePathError(`The template ${setting} is a link that leads outside the workspace folder, so it is not used. Point deploymentRecords.templatePath at a file inside the workspace.`);
    }
    const stat = await fs.stat(realCandidate);
    if (!stat.isFile() || stat.size > MAX_TEMPLATE_BYTES) {
      throw new TemplatePathError(`The template ${setting} is not a markdown file of at most 1 MB. Point deploymentRecords.templatePath at the checklist template.`);
    }
    return { text: (await fs.readFile(realCandidate)).toString('utf8'), source: 'workspace', path: segments.join('/') };
  }
  const bundled = vscode.Uri.joinPath(extensionUri, ...BUNDLED_TEMPLATE);
  try {
    return { text: (await fs.readFile(bundled.fsPath)).toString('utf8'), source: 'bundled', path: BUNDLED_TEMPLATE.join('/') };
  } catch {
    throw new TemplatePathError(`There is no template: ${setting} does not exist and the extension's bundled template is missing. Create ${setting}, or reinstall Deployment Records.`);
  }
}
