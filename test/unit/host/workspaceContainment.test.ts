import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createsInside, isInside } from '../../../src/host/workspaceContainment';

describe('where a new record may be created', () => {
  let base: string;
  let root: string;
  let outside: string;

  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-containment-'));
    root = path.join(base, 'workspace');
    outside = path.join(base, 'elsewhere');
    fs.mkdirSync(root);
    fs.mkdirSync(outside);
  });

  afterEach(() => {
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('tells a folder below another from one beside it', () => {
    assert.strictEqual(isInside('/w/repo', '/w/repo/deployments/checklists'), true);
    assert.strictEqual(isInside('/w/repo', '/w/repo'), true);
    assert.strictEqual(isInside('/w/repo', '/w/repo-other/checklists'), false);
    assert.strictEqual(isInside('/w/repo', '/w'), false);
    assert.strictEqual(isInside('/w/repo', '/w/repo/..notes'), true, 'a folder whose name starts with two dots is inside');
  });

  it('allows a folder that exists, or is still to be made, inside the workspace', async () => {
    fs.mkdirSync(path.join(root, 'deployments', 'checklists'), { recursive: true });
    assert.strictEqual(await createsInside(root, path.join(root, 'deployments', 'checklists')), true);
    assert.strictEqual(await createsInside(root, path.join(root, 'not', 'yet', 'made')), true);
  });

  it('refuses a folder that is a link leading out, or lies below one', async () => {
    fs.mkdirSync(path.join(root, 'deployments'));
    fs.symlinkSync(outside, path.join(root, 'deployments', 'checklists'), 'dir');
    assert.strictEqual(await createsInside(root, path.join(root, 'deployments', 'checklists')), false);
    fs.symlinkSync(outside, path.join(root, 'ops'), 'dir');
    assert.strictEqual(await createsInside(root, path.join(root, 'ops', 'checklists')), false, 'a folder still to be made below a link that leads out');
  });

  it('refuses a link to nothing, which a write would follow', async () => {
    fs.symlinkSync(path.join(outside, 'gone'), path.join(root, 'checklists'), 'dir');
    assert.strictEqual(await createsInside(root, path.join(root, 'checklists')), false);
  });

  it('allows a link that stays inside, and a workspace that is itself reached through a link', async () => {
    fs.mkdirSync(path.join(root, 'records'));
    fs.symlinkSync(path.join(root, 'records'), path.join(root, 'checklists'), 'dir');
    assert.strictEqual(await createsInside(root, path.join(root, 'checklists')), true);
    const linkedRoot = path.join(base, 'linked-workspace');
    fs.symlinkSync(root, linkedRoot, 'dir');
    assert.strictEqual(await createsInside(linkedRoot, path.join(linkedRoot, 'checklists')), true);
  });
});
