import * as assert from 'assert';
import * as fs from 'fs';
import { isDeploymentInProgress, pickActiveRecord } from '../../../src/core/record/activeRecord';
import { parseRecord } from '../../../src/core/record/recordParser';
import { classifyRecordFile } from '../../../src/core/record/recordFiles';
import { CHECKLISTS } from './fixtures';

const record = (name: string, text: string) => ({ name, parsed: parseRecord(text, name) });
const started = (id: string, start: string, status = '🔄 In progress') =>
  `## Deployment Metadata\n- **Deployment ID**: ${id}\n- **Start Time**: ${start}\n## Deployment Metrics\n- **Success Status**: ${status}\n`;

describe('the active deployment', () => {
  it('is the newest unfinished record with metadata among the real-world records', () => {
    const records = fs
      .readdirSync(CHECKLISTS)
      .filter((name) => classifyRecordFile(name, undefined, 1).kind === 'record')
      .map((name) => record(name, fs.readFileSync(`${CHECKLISTS}/${name}`, 'utf8')));
    assert.strictEqual(pickActiveRecord(records)?.name, '2025-09-05-18-46-deployment.md');
  });

  it('is never a template copy without metadata, even a newer one', () => {
    const records = [
      record('2025-09-05-18-41-deployment.md', started('DEP-2025-09-05-18-41', '2025-09-05 18:41:13')),
      record('2025-09-05-18-50-deployment.md', '# Checklist\n- [ ] step\n')
    ];
    assert.strictEqual(pickActiveRecord(records)?.name, '2025-09-05-18-41-deployment.md');
  });

  it('counts an unfinished record with metadata as in progress, and neither a finished one nor a template copy', () => {
    assert.strictEqual(isDeploymentInProgress(record('a.md', started('DEP-2026-01-01-10-00', '2026-01-01T10:00:00Z')).parsed), true);
    assert.strictEqual(isDeploymentInProgress(record('b.md', started('DEP-2026-01-01-10-00', '2026-01-01T10:00:00Z', '✅ Succeeded')).parsed), false);
    assert.strictEqual(isDeploymentInProgress(record('c.md', '# Checklist\n- [ ] step\n').parsed), false);
  });

  it('skips finished records and prefers the later start in the same minute', () => {
    const records = [
      record('a.md', started('DEP-2026-01-01-10-00', '2026-01-01T10:00:00Z', '✅ Succeeded')),
      record('b.md', started('DEP-2025-12-31-10-00', '2025-12-31T10:00:00Z')),
      record('c.md', started('DEP-2025-12-31-10-00-2', '2025-12-31T10:00:00Z'))
    ];
    assert.strictEqual(pickActiveRecord(records)?.name, 'c.md');
    assert.strictEqual(pickActiveRecord([records[0]]), undefined);
    assert.strictEqual(pickActiveRecord([]), undefined);
  });

  it('makes the second start of a minute active even when both started in the same second, whatever the minute', () => {
    const first = record('2026-11-22-00-47-deployment.md', started('DEP-2026-11-22-00-47', '2026-11-22T00:47:05+00:00'));
    const second = record('2026-11-22-00-47-2-deployment.md', started('DEP-2026-11-22-00-47-2', '2026-11-22T00:47:05+00:00'));
    assert.strictEqual(pickActiveRecord([first, second])?.name, '2026-11-22-00-47-2-deployment.md');
    assert.strictEqual(pickActiveRecord([second, first])?.name, '2026-11-22-00-47-2-deployment.md');
  });
});
