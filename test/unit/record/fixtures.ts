import * as fs from 'fs';
import * as path from 'path';

/** The repository root, found from the compiled test's location (out/test/unit/record or test/unit/record). */
function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error('package.json not found above the tests');
    }
    dir = parent;
  }
  return dir;
}

export const REAL_WORLD = path.join(repoRoot(), 'test', 'fixtures', 'real-world', 'deployments');
export const CHECKLISTS = path.join(REAL_WORLD, 'checklists');
export const BUNDLED_TEMPLATE = path.join(repoRoot(), 'templates', 'deployment-checklist.md');

export function readFixture(name: string): string {
  return fs.readFileSync(path.join(CHECKLISTS, name), 'utf8');
}
