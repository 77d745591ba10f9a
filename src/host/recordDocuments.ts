import * as vscode from 'vscode';
import { isRecordDocument, MAX_RECORD_CHARS, MAX_RECORD_LINES } from '../core/markdown/recordDetection';
import { readLifecycleSettings } from './settings';

/** True when the decorations setting extends highlighting to every markdown file. */
export function highlightAllMarkdown(scope?: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration('deploymentRecords.decorations', scope).get<boolean>('allMarkdown') === true;
}

/** Bounded size check: a document this large is never scanned, so typing in it stays fast. */
export function isTooLargeToScan(doc: vscode.TextDocument): boolean {
  if (doc.lineCount > MAX_RECORD_LINES) {
    return true;
  }
  return doc.offsetAt(new vscode.Position(doc.lineCount, 0)) > MAX_RECORD_CHARS;
}

/**
 * Whether a document gets the record features (decorations, placeholder warnings, CodeLens):
 * markdown, not too large, and a record — in the checklists folder, carrying a
 * `Deployment Metadata` heading, or any markdown when the setting says so.
 */
export function isRecordTextDocument(doc: vscode.TextDocument): boolean {
  if (doc.languageId !== 'markdown' || isTooLargeToScan(doc)) {
    return false;
  }
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
  return isRecordDocument({
    path: folder ? vscode.workspace.asRelativePath(doc.uri, false) : doc.uri.path,
    text: doc.getText(),
    checklistsFolder: readLifecycleSettings(folder).checklistsFolder,
    allMarkdown: highlightAllMarkdown(doc.uri)
  });
}
