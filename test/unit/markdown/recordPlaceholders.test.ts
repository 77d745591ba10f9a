import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findPlaceholders } from '../../../src/core/markdown/recordPlaceholders';
import { isInChecklistsFolder, isRecordDocument } from '../../../src/core/markdown/recordDetection';

const checklists = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'real-world', 'deployments', 'checklists');

describe('unfilled placeholders', () => {
  it('finds bracketed placeholders and empty fields, and knows which ones are times', () => {
    const text = [
      '- **Planning Start**: [AUTO-FILLED]',
      '- **Planning Duration**: [PENDING - awaiting SSH]',
      '### Issue #1: [TITLE]',
      '- **Time**: [HH:MM]',
      '- **Root Cause**:',
      '- **End Time**:   ',
      '- [ ] **[Priority]** not a placeholder'
    ].join('\n');
    assert.deepEqual(findPlaceholders(text).map((p) => [p.line, p.text, p.field, p.isTime]), [
      [0, '[AUTO-FILLED]', 'Planning Start', true],
      [1, '[PENDING - awaiting SSH]', 'Planning Duration', false],
      [2, '[TITLE]', undefined, false],
      [3, '[HH:MM]', 'Time', true],
      [4, '', 'Root Cause', false],
      [5, '', 'End Time', true]
    ]);
  });

  it('points at the placeholder columns so a fix replaces just that text', () => {
    const [span] = findPlaceholders('- **Validation Start**: [PENDING] ✅');
    assert.equal('- **Validation Start**: [PENDING] ✅'.slice(span.start, span.end), '[PENDING]');
  });

  it('ignores placeholders inside fenced code', () => {
    assert.deepEqual(findPlaceholders('```\n[PENDING]\n```\n'), []);
  });

  it('finds the eight [AUTO-FILLED] metrics of the real record of 18:41', () => {
    const text = fs.readFileSync(path.join(checklists, '2025-09-05-18-41-deployment.md'), 'utf8');
    assert.equal(findPlaceholders(text).filter((p) => p.text === '[AUTO-FILLED]').length, 8);
  });
});

describe('which documents are records', () => {
  it('counts files in the checklists folder and documents with a Deployment Metadata heading', () => {
    assert.equal(isInChecklistsFolder('deployments/checklists/a.md', 'deployments/checklists'), true);
    assert.equal(isInChecklistsFolder('C:\\repo\\deployments\\checklists\\a.md', 'deployments/checklists/'), true);
    assert.equal(isInChecklistsFolder('my-deployments/checklists-old/a.md', 'deployments/checklists'), false);
    assert.equal(isRecordDocument({ text: 'intro\n\n## Deployment Metadata\n' }), true);
    assert.equal(isRecordDocument({ text: '# Notes\n- [x] done' }), false);
    assert.equal(isRecordDocument({ text: '# Notes', allMarkdown: true }), true);
  });
});
