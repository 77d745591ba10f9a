/**
 * What the analytics panel and Export Metrics say when reading the records, writing an export
 * or opening a record fails. The host gathers the facts (which path, relative to the workspace,
 * and the error's code); this module words them. No `vscode` import, so the words are checked
 * in plain Node. A Node error's own message is never shown: it names absolute paths and reads
 * as `EACCES: permission denied, scandir '/…'`.
 */

import { nodeErrorWords, writeFailureReason } from '../core/record/recordWriteFailure';
import { errorCode } from './errorCode';

/**
 * Words for read failures that the core's (nodeErrorWords, shared with record writes) lacks.
 * Node's other codes are worded there.
 */
const READ_REASONS: Readonly<Record<string, string>> = {
  ENAMETOOLONG: 'its path is too long'
};

/**
 * The code of a failed write. VS Code's FileSystemError often says `Unknown` and carries Node's
 * code only in its message (`Unknown (FileSystemError): Error: EROFS: read-only file system, …`).
 */
export function writeErrorCode(error: unknown): string | undefined {
  const code = errorCode(error);
  if (code !== undefined && code !== 'Unknown') {
    return code;
  }
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return /\b(E[A-Z]{2,})\b:/.exec(message)?.[1] ?? code;
}

/** Why a read failed, in words, with the code in short at the end: `permission denied (EACCES)`. */
export function readFailureReason(code: string | undefined): string {
  if (code === undefined) {
    return 'the reason is not known';
  }
  const words = Object.prototype.hasOwnProperty.call(READ_REASONS, code) ? READ_REASONS[code] : nodeErrorWords(code);
  return words ? `${words} (${code})` : `an unexpected error (${code})`;
}

/** What to do about a failed read of the checklists folder or of a record in it. */
function readNextStep(code: string | undefined, isFolder: boolean): string {
  const what = isFolder ? 'the folder and the records in it' : 'the file';
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return ` Check that you may read ${what}; the panel reads it again after the next change.`;
    case 'ELOOP':
      return ' Point the link at a real folder, or change deploymentRecords.checklistsFolder.';
    case 'ENOENT':
      return ' The panel reads the folder again after the next change.';
    default:
      return '';
  }
}

/**
 * The panel's error state when the analysis failed. `failedPath` is the path the error names,
 * relative to the workspace (undefined when it names none); `folder` is the checklists folder,
 * relative to the workspace. `detail` is the message of an error that is not a file-system error
 * (a bug, say): shown, since there is nothing better, but never its stack.
 */
export function analysisFailureMessage(folder: string, failedPath: string | undefined, code: string | undefined, detail?: string): { message: string; file: string } {
  if (code === 'ENOTDIR' && (failedPath === undefined || failedPath === folder)) {
    return { message: 'The checklists folder setting names a file, not a folder.', file: folder };
  }
  if (code === undefined) {
    const why = detail ? `: ${detail}` : '';
    return { message: `Deployment Records could not analyse the records in ${folder}${why}.`, file: failedPath ?? folder };
  }
  const isFolder = failedPath === undefined || failedPath === folder;
  const subject = isFolder ? `the checklists folder ${folder}` : `${failedPath}, in the checklists folder ${folder}`;
  return {
    message: `Deployment Records could not read ${subject}: ${readFailureReason(code)}.${readNextStep(code, isFolder)}`,
    file: failedPath ?? folder
  };
}

/** VS Code's FileSystemError codes, which the core does not word; Node's are worded there (writeFailureReason). */
const WRITE_REASONS: Readonly<Record<string, string>> = {
  NoPermissions: 'permission denied',
  FileNotFound: 'its folder does not exist',
  FileNotADirectory: 'a part of its path is a file, not a folder',
  FileIsADirectory: 'a folder has that name',
  FileExists: 'a file of that name is in the way',
  Unavailable: 'the file system is not available'
};

/**
 * Why a write failed. `notAFolder` is the part of the path that is a file where a folder
 * should be, when the host found one (VS Code reports that case without a code of its own).
 */
export function writeFailureReasonOf(code: string | undefined, notAFolder?: string): string {
  if (notAFolder !== undefined) {
    return `${notAFolder} is a file, not a folder`;
  }
  if (code === undefined || code === 'Unknown') {
    return 'the file system refused the write';
  }
  return Object.prototype.hasOwnProperty.call(WRITE_REASONS, code) ? WRITE_REASONS[code] : writeFailureReason(code);
}

/** Export Metrics could not write `file` (as the user knows it). */
export function exportWriteFailureMessage(file: string, reason: string): string {
  return `Deployment Records could not export the metrics to ${file}: ${reason}. Choose a file in a folder you can write to, then export again.`;
}

/** Export Metrics could not read the records to export (`analysisFailure` as analysisFailureMessage words it). */
export function exportReadFailureMessage(analysisFailure: string): string {
  return `${analysisFailure} Nothing was exported.`;
}

/** The panel could not open a record it links to. */
export function openRecordFailureMessage(file: string, missing: boolean): string {
  return missing
    ? `Deployment Records could not open ${file}: it no longer exists (it was moved or deleted). The panel shows the records as they are after the next change.`
    : `Deployment Records could not open ${file}: VS Code could not open it as a text file.`;
}
