import * as assert from 'assert';
import { classifyRecordFile, nextDeploymentId, recordFileName, timeFromDeploymentId, timeFromFileName } from '../../../src/core/record/recordFiles';

const text = (s: string) => new TextEncoder().encode(s);

describe('record files', () => {
  it('skips files that are not records, each with a reason', () => {
    const skip = (name: string, bytes: Uint8Array | undefined, size: number) => {
      const verdict = classifyRecordFile(name, bytes, size);
      return verdict.kind === 'skip' ? verdict.reason : 'record';
    };
    assert.match(skip('2025-09-05-18-46-deployment.md.bak', text('# x'), 3), /backup/);
    assert.match(skip('.gitkeep', text('note'), 4), /hidden/);
    assert.match(skip('notes.txt', text('x'), 1), /markdown/);
    assert.match(skip('2025-09-05-18-46-deployment.md', new Uint8Array(0), 0), /empty/);
    assert.match(skip('2025-09-05-18-46-deployment.md', undefined, 6 * 1024 * 1024), /5 MB/);
    assert.match(skip('a.md', new Uint8Array([0x23, 0x00, 0x41]), 3), /NUL/);
    assert.match(skip('a.md', new Uint8Array([0x23, 0xff, 0xfe, 0x41]), 4), /UTF-8/);
    assert.strictEqual(skip('2025-09-05-18-46-deployment.md', text('# ✅ ok'), 9), 'record');
    assert.strictEqual(skip('2025-09-05-18-46-deployment.md', undefined, 100), 'record');
  });

  it('names records and IDs by the start minute, numbering a second start in the same minute', () => {
    const wall = { year: 2026, month: 11, day: 21, hour: 23, minute: 43 };
    assert.strictEqual(recordFileName(wall), '2026-11-21-23-43-deployment.md');
    assert.strictEqual(recordFileName(wall, 2), '2026-11-21-23-43-2-deployment.md');
    assert.deepStrictEqual(nextDeploymentId(wall, []), { id: 'DEP-2026-11-21-23-43' });
    assert.deepStrictEqual(nextDeploymentId(wall, ['DEP-2026-11-21-23-43']), { id: 'DEP-2026-11-21-23-43-2', suffix: 2 });
    assert.deepStrictEqual(nextDeploymentId(wall, new Set(['DEP-2026-11-21-23-43', 'DEP-2026-11-21-23-43-2'])), { id: 'DEP-2026-11-21-23-43-3', suffix: 3 });
    assert.deepStrictEqual(nextDeploymentId({ ...wall, month: 1, day: 2, hour: 3, minute: 4 }, ['DEP-2026-11-21-23-43']), { id: 'DEP-2026-01-02-03-04' });
  });

  it('reads the start minute back from file names and IDs', () => {
    assert.deepStrictEqual(timeFromFileName('2025-09-05-18-38-deployment.md')?.wall, { year: 2025, month: 9, day: 5, hour: 18, minute: 38, second: 0 });
    assert.strictEqual(timeFromFileName('deployments/checklists/2026-11-21-23-43-2-deployment.md')?.wall.minute, 43);
    assert.strictEqual(timeFromFileName('notes.md'), undefined);
    assert.strictEqual(timeFromFileName('2025-02-30-18-38-deployment.md'), undefined);
    assert.strictEqual(timeFromDeploymentId('DEP-2025-09-05-18-46')?.epochMs, Date.UTC(2025, 8, 5, 18, 46));
    assert.strictEqual(timeFromDeploymentId('DEP-2025-09-05-18-46-2')?.wall.hour, 18);
    assert.strictEqual(timeFromDeploymentId('2025-09-05-18-46'), undefined);
  });
});
