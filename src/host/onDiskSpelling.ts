import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/**
 * How a folder below a workspace folder is spelled on disk, when a setting names it in
 * another case.
 *
 * On a file system that ignores case (macOS and Windows by default, a FAT or SMB mount on
 * Linux), `Deployments/Checklists` in the settings opens `deployments/checklists` on disk.
 * The Explorer and Quick Open show, and open, files under the names the disk lists, so a path
 * built from the setting would not be the path of the editors on those records, and what
 * compares the two as strings (the editor title's `resourcePath in …` for Finish) would miss.
 *
 * No platform is assumed: a name is respelled only where the file system itself says it
 * folds names, that is when the name as given exists, its folder does not list it, and the
 * folder lists another name for that very entry (same device and inode, read without following
 * links). A name that does not exist as given keeps its spelling (on a case-sensitive disk it
 * is another folder, which Start Deployment may create), and links stay links: only the names
 * change, never the entries they lead to, so the checks that a link does not lead out of the
 * workspace see the same entries as before.
 */

/** What {@link onDiskSpelling} reads: the names a folder lists, and what an entry is. */
export interface SpellingFileSystem {
  readdir(dir: string): Promise<string[]>;
  /** The entry itself (not what a link points to); rejects when there is none. */
  lstat(entry: string): Promise<{ readonly dev: bigint; readonly ino: bigint }>;
}

const nodeFileSystem: SpellingFileSystem = {
  readdir: (dir) => fs.readdir(dir),
  // Bigint: Windows' file IDs do not fit in a double.
  lstat: (entry) => fs.lstat(entry, { bigint: true })
};

/** Case and Unicode normalization folded, as the file systems that fold names compare them. */
function folded(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/**
 * The names in `entries` that a file system folding case and Unicode normalization could
 * take `name` for, other than `name` itself. Empty when `name` is listed as it is.
 */
export function foldedSpellings(name: string, entries: readonly string[]): string[] {
  if (entries.includes(name)) {
    return [];
  }
  const key = folded(name);
  return entries.filter((entry) => entry !== name && folded(entry) === key);
}

async function sameEntry(fileSystem: SpellingFileSystem, given: string, listed: string): Promise<boolean> {
  const [a, b] = await Promise.all([fileSystem.lstat(given), fileSystem.lstat(listed)]);
  // A file system without inode numbers reports 0: the folded match alone decides there.
  return a.dev === b.dev && (a.ino === b.ino || a.ino === 0n || b.ino === 0n);
}

/**
 * `segments` (the path below `root`, one name each) as the disk spells them. A segment that
 * is `.` or `..`, cannot be read, or is not found keeps its spelling, and so do the ones after it.
 */
export async function onDiskSpelling(root: string, segments: readonly string[], fileSystem: SpellingFileSystem = nodeFileSystem): Promise<string[]> {
  return (await spellOnDisk(root, segments, fileSystem)).segments;
}

/** As {@link onDiskSpelling}, and whether every segment was found on disk (`found`). */
export async function spellOnDisk(
  root: string,
  segments: readonly string[],
  fileSystem: SpellingFileSystem = nodeFileSystem
): Promise<{ readonly segments: string[]; readonly found: boolean }> {
  const spelled: string[] = [];
  for (const [index, segment] of segments.entries()) {
    const parent = path.join(root, ...spelled);
    const respelled = segment === '.' || segment === '..' ? undefined : await listedSpelling(fileSystem, parent, segment);
    if (respelled === undefined) {
      return { segments: [...spelled, ...segments.slice(index)], found: false };
    }
    spelled.push(respelled);
  }
  return { segments: spelled, found: true };
}

/** `name` as `parent` lists it; undefined when it cannot tell. */
async function listedSpelling(fileSystem: SpellingFileSystem, parent: string, name: string): Promise<string | undefined> {
  try {
    const entries = await fileSystem.readdir(parent);
    if (entries.includes(name)) {
      return name;
    }
    for (const candidate of foldedSpellings(name, entries)) {
      if (await sameEntry(fileSystem, path.join(parent, name), path.join(parent, candidate))) {
        return candidate;
      }
    }
  } catch {
    // Missing or unreadable: the name stays as given, and so do the ones below it.
  }
  return undefined;
}
