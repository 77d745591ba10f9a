import * as assert from 'assert';
import { analysisFailureMessage, writeErrorCode, exportWriteFailureMessage, openRecordFailureMessage, readFailureReason, writeFailureReasonOf } from '../../../src/host/analyticsPanelMessages';

describe('analytics panel failure messages', () => {
  it('names an unreadable checklists folder relative to the workspace and says why in words, with the code in short', () => {
    const eacces = analysisFailureMessage('deployments/checklists', 'deployments/checklists', 'EACCES');
    assert.strictEqual(
      eacces.message,
      'Deployment Records could not read the checklists folder deployments/checklists: permission denied (EACCES). Check that you may read the folder and the records in it; the panel reads it again after the next change.'
    );
    assert.strictEqual(eacces.file, 'deployments/checklists');
    assert.match(analysisFailureMessage('ops', 'ops', 'EPERM').message, /ops: permission denied \(EPERM\)/);
    assert.match(analysisFailureMessage('ops', 'ops', 'ENOENT').message, /ops: the file or its folder no longer exists \(ENOENT\)/);
    assert.match(analysisFailureMessage('ops', 'ops', 'ELOOP').message, /ops: it is a loop of symbolic links \(ELOOP\)\. Point the link at a real folder/);
    assert.match(analysisFailureMessage('ops', 'ops', 'EXDEV').message, /ops: an unexpected error \(EXDEV\)\.$/);
  });

  it('names the record when a file in the folder is what failed', () => {
    const failure = analysisFailureMessage('deployments/checklists', 'deployments/checklists/a.md', 'EACCES');
    assert.match(failure.message, /^Deployment Records could not read deployments\/checklists\/a\.md, in the checklists folder deployments\/checklists: permission denied \(EACCES\)\. Check that you may read the file/);
    assert.strictEqual(failure.file, 'deployments/checklists/a.md');
  });

  it('keeps the words for a setting that names a file', () => {
    assert.deepStrictEqual(analysisFailureMessage('README.md', 'README.md', 'ENOTDIR'), { message: 'The checklists folder setting names a file, not a folder.', file: 'README.md' });
  });

  it('never shows a Node error message: only words and the short code', () => {
    for (const code of ['EACCES', 'EPERM', 'ENOENT', 'ELOOP', 'EIO', 'EMFILE']) {
      assert.doesNotMatch(analysisFailureMessage('ops', 'ops', code).message, /scandir|'\//);
    }
    assert.strictEqual(readFailureReason(undefined), 'the reason is not known');
  });

  it('says which file an export could not write and why', () => {
    assert.strictEqual(
      exportWriteFailureMessage('reports/metrics.json', writeFailureReasonOf('Unknown', 'reports')),
      'Deployment Records could not export the metrics to reports/metrics.json: reports is a file, not a folder. Choose a file in a folder you can write to, then export again.'
    );
    assert.strictEqual(writeFailureReasonOf('NoPermissions'), 'permission denied');
    assert.strictEqual(writeFailureReasonOf('EROFS'), 'the file system is read-only');
    assert.strictEqual(writeFailureReasonOf('FileIsADirectory'), 'a folder has that name');
    assert.strictEqual(writeFailureReasonOf(undefined), 'the file system refused the write');
    assert.strictEqual(writeFailureReasonOf('EWEIRD'), 'an unexpected error (EWEIRD)');
  });

  it('finds Node\'s code in a FileSystemError that says Unknown', () => {
    const error = Object.assign(new Error("Unknown (FileSystemError): Error: EROFS: read-only file system, open '/tmp/x.json'"), { code: 'Unknown' });
    assert.strictEqual(writeErrorCode(error), 'EROFS');
    assert.strictEqual(writeErrorCode(Object.assign(new Error('no permission'), { code: 'NoPermissions' })), 'NoPermissions');
    assert.strictEqual(writeErrorCode(Object.assign(new Error('something'), { code: 'Unknown' })), 'Unknown');
    assert.strictEqual(writeErrorCode(new Error('EACCES: permission denied')), 'EACCES');
  });

  it('says a linked record is gone', () => {
    assert.match(openRecordFailureMessage('deployments/checklists/a.md', true), /could not open deployments\/checklists\/a\.md: it no longer exists/);
  });
});
