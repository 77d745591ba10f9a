import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Whether paths chosen by settings stay inside a workspace folder once links are followed.
 * A cloned repository ships both its settings and its links, so a relative path without
 * `..` is not enough: `deployments/checklists` may itself be a link to anywhere.
 */

/** `child` is `parent` or lies below it (both already real, or both as given). */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  // `..` itself or a path through it leaves `parent`; a folder named `..notes` does not.
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function exists(entry: string): Promise<boolean> {
  try {
    await fs.lstat(entry);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether creating `target` (a folder or file that may not exist yet) would land inside
 * `root` once links are followed: the nearest part of the path that exists is resolved, and
 * what is still to be created below it is created there. A link to nothing counts as
 * outside. Errors other than "missing" throw.
 */
export async function createsInside(root: string, target: string): Promise<boolean> {
  const realRoot = await fs.realpath(root);
  let probe = path.resolve(target);
  for (;;) {
    try {
      return isInside(realRoot, await fs.realpath(probe));
    } catch (error) {
      if (!isMissing(error)) {
        throw error;
      }
      if (await exists(probe)) {
        // There but unresolvable: a link to nothing, which a write would follow wherever it leads.
        return false;
      }
      const parent = path.dirname(probe);
      if (parent === probe) {
        return false;
      }
      probe = parent;
    }
  }
}
