import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { foldedSpellings, onDiskSpelling, spellOnDisk, type SpellingFileSystem } from '../../../src/host/onDiskSpelling';

/**
 * A file system in memory of folders only: `names` lists the paths that exist, each as the
 * disk spells it. With `foldsCase`, a path is found whatever its case, as on macOS and Windows;
 * without, only as spelled, as on Linux.
 */
function memoryFileSystem(names: readonly string[], foldsCase: boolean): SpellingFileSystem {
  const root = '/w';
  const key = (p: string) => (foldsCase ? p.toLowerCase() : p);
  const inodes = new Map(names.map((name, i) => [key(path.posix.join(root, name)), BigInt(i + 2)]));
  inodes.set(key(root), 1n);
  const find = (p: string) => {
    const ino = inodes.get(key(path.posix.normalize(p)));
    if (ino === undefined) {
      throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    }
    return ino;
  };
  return {
    readdir: async (dir) => {
      find(dir);
      const prefix = key(path.posix.normalize(dir)) + '/';
      return names
        .map((name) => path.posix.join(root, name))
        .filter((full) => key(full).startsWith(prefix) && !full.slice(prefix.length).includes('/'))
        .map((full) => full.slice(prefix.length));
    },
    lstat: async (entry) => ({ dev: 1n, ino: find(entry) })
  };
}

const DISK = ['deployments', 'deployments/checklists', 'service', 'README'];

describe('spelling a checklists folder as the disk lists it', () => {
  describe('foldedSpellings', () => {
    it('offers nothing for a name the folder lists as it is', () => {
      assert.deepStrictEqual(foldedSpellings('deployments', ['Deployments', 'deployments']), []);
    });

    it('offers the names that differ only in case', () => {
      assert.deepStrictEqual(foldedSpellings('Deployments', ['service', 'deployments', 'deploy']), ['deployments']);
      assert.deepStrictEqual(foldedSpellings('CHECKLISTS', ['checklists', 'Checklists']), ['checklists', 'Checklists']);
    });

    it('offers a name written with the other Unicode normalization (as macOS may list it)', () => {
      const composed = 'D\u00e9ploiements';
      const decomposed = 'De\u0301ploiements';
      assert.deepStrictEqual(foldedSpellings(composed, [decomposed]), [decomposed]);
      assert.deepStrictEqual(foldedSpellings(decomposed.toUpperCase(), [composed]), [composed]);
    });

    it('offers nothing for another name', () => {
      assert.deepStrictEqual(foldedSpellings('deployments', ['deployment', 'deployments-old']), []);
    });
  });

  describe('onDiskSpelling on a disk that ignores case', () => {
    const disk = memoryFileSystem(DISK, true);

    it('respells every folder of the setting as the disk lists it', async () => {
      assert.deepStrictEqual(await onDiskSpelling('/w', ['Deployments', 'Checklists'], disk), ['deployments', 'checklists']);
      assert.deepStrictEqual(await onDiskSpelling('/w', ['deployments', 'CHECKLISTS'], disk), ['deployments', 'checklists']);
    });

    it('keeps a spelling that is already the disk\'s', async () => {
      assert.deepStrictEqual(await onDiskSpelling('/w', ['deployments', 'checklists'], disk), ['deployments', 'checklists']);
    });

    it('keeps the spelling of a folder that does not exist yet, below the part that does', async () => {
      assert.deepStrictEqual(await onDiskSpelling('/w', ['Deployments', 'Records', 'Prod'], disk), ['deployments', 'Records', 'Prod']);
      assert.deepStrictEqual(await onDiskSpelling('/w', ['Ops', 'Checklists'], disk), ['Ops', 'Checklists']);
    });

    it('says whether the whole path was found, which is what a cached spelling waits for', async () => {
      assert.deepStrictEqual(await spellOnDisk('/w', ['Deployments', 'Checklists'], disk), { segments: ['deployments', 'checklists'], found: true });
      assert.deepStrictEqual(await spellOnDisk('/w', ['deployments', 'checklists'], disk), { segments: ['deployments', 'checklists'], found: true });
      assert.deepStrictEqual(await spellOnDisk('/w', ['Deployments', 'Records'], disk), { segments: ['deployments', 'Records'], found: false });
    });

    it('leaves . and .. and what follows them alone', async () => {
      assert.deepStrictEqual(await onDiskSpelling('/w', ['Deployments', '.', 'Checklists'], disk), ['deployments', '.', 'Checklists']);
      assert.deepStrictEqual(await onDiskSpelling('/w', ['..', 'W', 'Deployments'], disk), ['..', 'W', 'Deployments']);
    });

    it('takes no name that is another entry than the one the disk found', async () => {
      // A disk that folds some other way: the name it found and the name the folder lists
      // for it under our folding are not the same entry, so neither is trusted.
      const other: SpellingFileSystem = {
        readdir: disk.readdir,
        lstat: async (entry) => (path.posix.basename(entry) === 'Deployments' ? { dev: 1n, ino: 999n } : disk.lstat(entry))
      };
      assert.deepStrictEqual(await onDiskSpelling('/w', ['Deployments', 'Checklists'], other), ['Deployments', 'Checklists']);
    });
  });

  describe('onDiskSpelling on a disk that tells case apart', () => {
    const disk = memoryFileSystem([...DISK, 'Deployments'], false);

    it('keeps a setting in another case: it names another folder, which Start may create', async () => {
      assert.deepStrictEqual(await onDiskSpelling('/w', ['DEPLOYMENTS', 'Checklists'], disk), ['DEPLOYMENTS', 'Checklists']);
    });

    it('keeps a folder that differs from another only in case as it is', async () => {
      assert.deepStrictEqual(await onDiskSpelling('/w', ['Deployments'], disk), ['Deployments']);
      assert.deepStrictEqual(await onDiskSpelling('/w', ['deployments', 'checklists'], disk), ['deployments', 'checklists']);
    });
  });

  describe('onDiskSpelling on this machine\'s disk', () => {
    let base: string;

    beforeEach(() => {
      base = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-spelling-'));
      fs.mkdirSync(path.join(base, 'deployments', 'checklists'), { recursive: true });
    });

    afterEach(() => {
      fs.rmSync(base, { recursive: true, force: true });
    });

    it('spells a setting in another case as the disk lists it where the disk ignores case, and keeps it where it does not', async () => {
      const ignoresCase = fs.existsSync(path.join(base, 'DEPLOYMENTS'));
      const expected = ignoresCase ? ['deployments', 'checklists'] : ['Deployments', 'Checklists'];
      assert.deepStrictEqual(await onDiskSpelling(base, ['Deployments', 'Checklists']), expected);
    });

    it('keeps a link\'s own name rather than the folder it leads to', async function () {
      try {
        fs.symlinkSync(path.join(base, 'deployments', 'checklists'), path.join(base, 'linked-records'), 'dir');
      } catch {
        // Windows without the right to make links.
        this.skip();
      }
      assert.deepStrictEqual(await onDiskSpelling(base, ['linked-records']), ['linked-records']);
    });

    it('keeps everything as given below a folder that is missing', async () => {
      assert.deepStrictEqual(await onDiskSpelling(path.join(base, 'missing'), ['deployments', 'checklists']), ['deployments', 'checklists']);
    });
  });
});
