/**
 * Why a record could not be written, in words a user can act on. The host layer gathers the
 * facts (file mode, where a link leads, the error code of a failed write or the probe after a
 * failed save); this module decides what they mean and what the message says.
 */

/** Why the extension did not write a record, or why the write it tried failed. */
export type RecordWriteFailure =
  /** The file has no owner write permission: the user made it read-only. Nothing was written. */
  | { readonly kind: 'readOnly' }
  /** The record, or a folder above it, is a link leading outside the workspace folder. Nothing was written. */
  | { readonly kind: 'outsideWorkspace'; readonly target: string }
  /** The record could not be read back just before the write (deleted, replaced by a folder, unreadable). Nothing was written. */
  | { readonly kind: 'notRead'; readonly code: string | undefined }
  /** VS Code refused the edit to the record's open editor although its text was unchanged. Nothing was changed. */
  | { readonly kind: 'editRefused' }
  /** The record is not open and writing its file failed. Nothing was written. */
  | { readonly kind: 'notWritten'; readonly code: string | undefined }
  /** The record is open and saving it failed: the change is in the editor, unsaved. */
  | { readonly kind: 'notSaved'; readonly code: string | undefined };

/**
 * Whether a file mode marks the file read-only. Only the owner's write bit counts, as in
 * VS Code, which then refuses to save the file: root could still write it, so the
 * permission check of the operating system would not say so.
 */
export function isReadOnlyMode(mode: number): boolean {
  return (mode & 0o200) === 0;
}

const REASONS: Readonly<Record<string, string>> = {
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file would be larger than the file system allows',
  EIO: 'the disk reported an input/output error',
  EBUSY: 'the file is in use',
  ETXTBSY: 'the file is in use',
  ENOENT: 'the file or its folder no longer exists',
  ENOTDIR: 'the file or its folder no longer exists',
  EISDIR: 'a folder has taken its name',
  ELOOP: 'it is a loop of symbolic links',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open'
};

/**
 * The reason for a failed write in words, from a Node error code. A code without words of
 * its own is named as it is; the error's own message is never used, because it names the
 * hidden temporary file instead of the record.
 */
export function writeFailureReason(code: string | undefined): string {
  if (code === undefined) {
    return 'the reason is not known';
  }
  return nodeErrorWords(code) ?? `an unexpected error (${code})`;
}

/** The words for a Node error code (`EACCES`: `permission denied`); undefined for a code without words. */
export function nodeErrorWords(code: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(REASONS, code) ? REASONS[code] : undefined;
}

/** What a user can do about a failed write, by error code. */
function nextStep(code: string | undefined): string {
  switch (code) {
    case 'EROFS':
      return 'Make the file system writable, or move the records to a writable folder';
    case 'EACCES':
    case 'EPERM':
      return 'Check that you may write the record and its folder';
    case 'ENOSPC':
    case 'EDQUOT':
    case 'EFBIG':
      return 'Free some disk space';
    case 'ENOENT':
    case 'ENOTDIR':
    case 'EISDIR':
      return 'Put the record back where it was';
    default:
      return 'Check that the record and its folder can be written';
  }
}

/**
 * The message for a record that was not written or not saved. `record` is how the user
 * knows the file (a workspace-relative path); every message names it, says why, and says
 * what happened to the change and what to do next.
 */
export function recordWriteFailureMessage(record: string, failure: RecordWriteFailure): string {
  switch (failure.kind) {
    case 'readOnly':
      return `${record} is read-only, so Deployment Records did not change it. If it should still change, make it writable (for example chmod u+w), then run the command again. Nothing was written.`;
    case 'outsideWorkspace':
      return `${record} leads through a symbolic link to ${failure.target}, outside the workspace folder, so Deployment Records does not write there. Replace the link with the record itself, or point it at a file inside the workspace folder, then run the command again. Nothing was written.`;
    case 'notRead':
      return `${record} could not be read just before writing to it: ${writeFailureReason(failure.code)}, so Deployment Records did not change it. ${nextStep(failure.code)}, then run the command again. Nothing was written.`;
    case 'editRefused':
      return `${record} could not be changed: VS Code refused the edit to its open editor, so Deployment Records did not change it. Run the command again; if it keeps failing, close and reopen the record. Nothing was written; the record is as it was.`;
    case 'notWritten':
      return `${record} could not be written: ${writeFailureReason(failure.code)}. ${nextStep(failure.code)}, then run the command again. Nothing was written; the record is as it was.`;
    case 'notSaved':
      return `The change to ${record} could not be saved: ${failure.code === undefined ? 'VS Code did not save it (its own message says why)' : writeFailureReason(failure.code)}. The change is in the editor, unsaved, and the file on disk is as it was. ${nextStep(failure.code)}, then save the record; or undo the change.`;
  }
}
