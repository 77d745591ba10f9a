import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RecordFolderScanner } from '../../../src/core/analytics/recordFolderScanner';
import { readRecordRow } from '../../../src/core/analytics/analyticsRowReader';
import { computeAnalytics } from '../../../src/core/analytics/computeAnalytics';
import { writeGeneratedRecords } from '../../fixtures/generateRecords';

const REAL_WORLD = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'real-world', 'deployments', 'checklists');

describe('records folder scanning', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-scan-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads the real-world folder as 7 records, none finished, with .bak and .gitkeep skipped', async () => {
    const scan = await new RecordFolderScanner(REAL_WORLD).scan();
    assert.strictEqual(scan.records.length, 7);
    assert.deepStrictEqual(scan.skipped.map((s) => s.file).sort(), ['.gitkeep', '2025-09-05-18-46-deployment.md.bak']);
    const a = computeAnalytics(scan, { now: Date.UTC(2025, 9, 1) });
    assert.strictEqual(a.records, 7);
    assert.strictEqual(a.successRate, null);
    assert.strictEqual(a.outcomes.inProgress, 7);
    // The bold **Operator**: fields that defeat grep are found.
    assert.deepStrictEqual(a.operators.map((o) => o.name).sort(), ['basher83', 'basher8383']);
    assert.deepStrictEqual(a.environments.map((e) => [e.name, e.deployments]), [['development', 2], ['production', 1]]);
    // Planning 18:50:43 to Execution 18:52:00; execution has no end yet.
    assert.strictEqual(a.durations.phases.planning?.median, 77);
    assert.strictEqual(a.durations.phases.execution, undefined);
    assert.strictEqual(a.durations.total, null);
  });

  it('skips empty, binary and non-markdown files with a reason, and never throws', async () => {
    fs.writeFileSync(path.join(dir, '2025-01-01-10-00-deployment.md'), '## Deployment Metadata\n- **Start Time**: 2025-01-01 10:00:00\n');
    fs.writeFileSync(path.join(dir, '2025-01-02-10-00-deployment.md'), '');
    fs.writeFileSync(path.join(dir, '2025-01-03-10-00-deployment.md'), Buffer.from([0x23, 0x00, 0xff, 0xfe]));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello');
    fs.writeFileSync(path.join(dir, 'README.md'), '# just notes\n');
    const scan = await new RecordFolderScanner(dir).scan();
    assert.deepStrictEqual(scan.records.map((r) => r.fileName), ['2025-01-01-10-00-deployment.md']);
    const reasons = Object.fromEntries(scan.skipped.map((s) => [s.file, s.reason]));
    assert.match(reasons['2025-01-02-10-00-deployment.md'], /empty/);
    assert.match(reasons['2025-01-03-10-00-deployment.md'], /binary/);
    assert.match(reasons['notes.txt'], /markdown/);
    assert.match(reasons['README.md'], /no start time/);
  });

  it('survives a symbolic link loop and a broken link', async function () {
    fs.mkdirSync(path.join(dir, 'archive'));
    fs.writeFileSync(path.join(dir, 'archive', '2025-01-01-10-00-deployment.md'), '## Deployment Metadata\n- **Start Time**: 2025-01-01 10:00:00\n');
    try {
      fs.symlinkSync(dir, path.join(dir, 'archive', 'loop'));
      fs.symlinkSync(path.join(dir, 'missing.md'), path.join(dir, 'broken.md'));
    } catch {
      this.skip(); // no symbolic links on this file system
    }
    const scan = await new RecordFolderScanner(dir).scan();
    assert.deepStrictEqual(scan.records.map((r) => r.fileName), ['archive/2025-01-01-10-00-deployment.md']);
    assert.ok(scan.skipped.some((s) => s.file === 'archive/loop' && /loop/.test(s.reason)));
    assert.ok(scan.skipped.some((s) => s.file === 'broken.md'));
  });

  it('re-parses only the file that changed', async () => {
    for (let i = 0; i < 20; i++) {
      fs.writeFileSync(path.join(dir, `2025-01-${String(i + 1).padStart(2, '0')}-10-00-deployment.md`), `## Deployment Metadata\n- **Operator**: op${i}\n`);
    }
    const scanner = new RecordFolderScanner(dir);
    assert.strictEqual((await scanner.scan()).parsed, 20);
    const changed = path.join(dir, '2025-01-05-10-00-deployment.md');
    fs.writeFileSync(changed, '## Deployment Metadata\n- **Operator**: someone else entirely\n');
    const again = await scanner.scan();
    assert.strictEqual(again.parsed, 1);
    assert.strictEqual(again.records.find((r) => r.fileName === '2025-01-05-10-00-deployment.md')?.operator, 'someone else entirely');
    const refreshed = await scanner.refresh(['2025-01-05-10-00-deployment.md']);
    assert.strictEqual(refreshed.parsed, 0, 'unchanged since the last read: served from the cache');
    fs.rmSync(changed);
    assert.strictEqual((await scanner.refresh(['2025-01-05-10-00-deployment.md'])).records.length, 19);
  });

  it('lets other work run while it scans a large folder, as the extension host needs (the CLI does not)', async () => {
    writeGeneratedRecords(dir, { count: 2000 });
    // The longest the event loop went without a turn while the scan ran: what a user feels
    // as the editor freezing.
    const longestStall = async (scanner: RecordFolderScanner<unknown>): Promise<{ stallMs: number; records: number }> => {
      let last = Date.now();
      let stallMs = 0;
      let done = false;
      const tick = (): void => {
        const now = Date.now();
        stallMs = Math.max(stallMs, now - last);
        last = now;
        if (!done) {
          setImmediate(tick);
        }
      };
      setImmediate(tick);
      const scan = await scanner.scan();
      done = true;
      tick();
      return { stallMs, records: scan.records.length };
    };
    await new RecordFolderScanner(dir, { blocking: true, read: readRecordRow }).scan(); // warm up, so both are timed warm
    const blocking = await longestStall(new RecordFolderScanner(dir, { blocking: true, read: readRecordRow }));
    const sliced = await longestStall(new RecordFolderScanner(dir, { read: readRecordRow }));
    assert.strictEqual(blocking.records, 2000);
    assert.strictEqual(sliced.records, 2000);
    assert.ok(
      sliced.stallMs * 2 < blocking.stallMs,
      `the editor's scan held the thread for up to ${sliced.stallMs} ms at a time; reading everything at once holds it ${blocking.stallMs} ms`
    );
  });

  it('in the CLI\'s blocking scan, reads a file that grows while it is read again, and skips it when it keeps growing', async () => {
    const name = '2025-01-01-10-00-deployment.md';
    const file = path.join(dir, name);
    fs.writeFileSync(file, '## Deployment Metadata\n\n- **Operator**: before\n');
    const realOpen = fs.openSync;
    const realRead = fs.readSync;
    const watched = new Set<number>();
    let growths = 0;
    let growTimes = 1;
    // Each read of the watched file finds it longer than it was when stamped. The module
    // object itself is patched: the scanner reaches `fs` through it.
    const patched = module.require('fs') as { openSync: typeof fs.openSync; readSync: typeof fs.readSync };
    patched.openSync = ((target: fs.PathLike, ...rest: unknown[]) => {
      const fd = (realOpen as (...args: unknown[]) => number)(target, ...rest);
      if (String(target) === file) {
        watched.add(fd);
      }
      return fd;
    }) as typeof fs.openSync;
    patched.readSync = ((fd: number, ...rest: unknown[]) => {
      if (watched.delete(fd) && growths < growTimes) {
        growths++;
        fs.appendFileSync(file, `- **Environment**: grown ${growths}\n`);
      }
      return (realRead as (...args: unknown[]) => number)(fd, ...rest);
    }) as typeof fs.readSync;
    try {
      const once = await new RecordFolderScanner(dir, { blocking: true, read: readRecordRow }).scan();
      assert.strictEqual(growths, 1);
      assert.strictEqual(once.records[0]?.environment, 'grown 1', 'the second reading, of the whole grown file, was not the one kept');
      growths = 0;
      growTimes = Infinity;
      const always = await new RecordFolderScanner(dir, { blocking: true, read: readRecordRow }).scan();
      assert.strictEqual(always.records.length, 0);
      assert.match(always.skipped.find((s) => s.file === name)?.reason ?? '', /changed while being read/);
    } finally {
      patched.openSync = realOpen;
      patched.readSync = realRead;
    }
  });

  it('rejects a missing folder so that callers can say so', async () => {
    await assert.rejects(new RecordFolderScanner(path.join(dir, 'nope')).scan(), /ENOENT|no such/);
  });
});
