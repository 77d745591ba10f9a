import * as assert from 'assert';
import { isReadOnlyMode, recordWriteFailureMessage, writeFailureReason } from '../../../src/core/record/recordWriteFailure';

const RECORD = 'deployments/checklists/2026-01-01-10-00-deployment.md';

describe('messages for a record that could not be written', () => {
  it('treats a file without its owner write bit as read-only, whatever the other bits say', () => {
    assert.strictEqual(isReadOnlyMode(0o100444), true);
    assert.strictEqual(isReadOnlyMode(0o100464), true, 'only the owner bit counts, as in VS Code');
    assert.strictEqual(isReadOnlyMode(0o100400), true);
    assert.strictEqual(isReadOnlyMode(0o100644), false);
    assert.strictEqual(isReadOnlyMode(0o100640), false);
    assert.strictEqual(isReadOnlyMode(0o100200), false);
  });

  it('says why in words: read-only file system, permission denied, disk full', () => {
    assert.strictEqual(writeFailureReason('EROFS'), 'the file system is read-only');
    assert.strictEqual(writeFailureReason('EACCES'), 'permission denied');
    assert.strictEqual(writeFailureReason('EPERM'), 'permission denied');
    assert.strictEqual(writeFailureReason('ENOSPC'), 'the disk is full');
    assert.strictEqual(writeFailureReason('EDQUOT'), 'the disk quota is used up');
    assert.strictEqual(writeFailureReason('EWHATEVER'), 'an unexpected error (EWHATEVER)');
  });

  it('names the record, the reason and the next step when a record that is not open could not be written, never the temporary file', () => {
    const message = recordWriteFailureMessage(RECORD, { kind: 'notWritten', code: 'EROFS' });
    assert.ok(message.startsWith(`${RECORD} could not be written: the file system is read-only.`), message);
    assert.match(message, /Make the file system writable/);
    assert.match(message, /run the command again/);
    assert.match(message, /Nothing was written/);
    assert.doesNotMatch(message, /\.tmp|EROFS|open '/, 'the message exposes the error text');
    assert.match(recordWriteFailureMessage(RECORD, { kind: 'notWritten', code: 'EACCES' }), /: permission denied\. Check that you may write the record and its folder/);
    assert.match(recordWriteFailureMessage(RECORD, { kind: 'notWritten', code: 'ENOSPC' }), /: the disk is full\. Free some disk space/);
  });

  it('says that a change that could not be saved is still in the editor, unsaved, and the file is unchanged', () => {
    const message = recordWriteFailureMessage(RECORD, { kind: 'notSaved', code: 'EROFS' });
    assert.ok(message.startsWith(`The change to ${RECORD} could not be saved: the file system is read-only.`), message);
    assert.match(message, /in the editor, unsaved/);
    assert.match(message, /file on disk is as it was/);
    assert.match(message, /save the record; or undo the change/);
    assert.match(recordWriteFailureMessage(RECORD, { kind: 'notSaved', code: undefined }), /could not be saved: VS Code did not save it \(its own message says why\)/);
  });

  it('says a read-only record was left alone because it is read-only, and how to change that', () => {
    const message = recordWriteFailureMessage(RECORD, { kind: 'readOnly' });
    assert.ok(message.startsWith(`${RECORD} is read-only, so Deployment Records did not change it.`), message);
    assert.match(message, /make it writable/);
    assert.match(message, /Nothing was written/);
  });

  it('says where a link outside the workspace leads and that it is not written through', () => {
    const message = recordWriteFailureMessage(RECORD, { kind: 'outsideWorkspace', target: '/srv/elsewhere/record.md' });
    assert.match(message, new RegExp(`^${RECORD.replace(/[.]/g, '\\.')} leads through a symbolic link to /srv/elsewhere/record\\.md, outside the workspace folder`));
    assert.match(message, /does not write there/);
    assert.match(message, /Replace the link/);
    assert.match(message, /Nothing was written/);
  });
  it('says why a record that vanished or became a folder just before the write was not changed', () => {
    const message = recordWriteFailureMessage(RECORD, { kind: 'notRead', code: 'EISDIR' });
    assert.ok(message.startsWith(`${RECORD} could not be read just before writing to it: a folder has taken its name, so Deployment Records did not change it.`), message);
    assert.match(message, /Put the record back where it was, then run the command again/);
    assert.match(message, /Nothing was written/);
    assert.match(recordWriteFailureMessage(RECORD, { kind: 'notRead', code: 'ENOENT' }), /: the file or its folder no longer exists, so Deployment Records did not change it/);
    assert.match(recordWriteFailureMessage(RECORD, { kind: 'notRead', code: 'EACCES' }), /: permission denied, so .* Check that you may write the record and its folder/);
  });

  it('says that an edit VS Code refused left the record as it was', () => {
    const message = recordWriteFailureMessage(RECORD, { kind: 'editRefused' });
    assert.ok(message.startsWith(`${RECORD} could not be changed: VS Code refused the edit to its open editor, so Deployment Records did not change it.`), message);
    assert.match(message, /Run the command again/);
    assert.match(message, /the record is as it was/);
  });
});
