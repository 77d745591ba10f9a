import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { classifyChecklistLines, splitLines } from '../../../src/core/markdown/checklistLines';
import { detectItemStatus } from '../../../src/core/record/checklistStatus';
import { parseRecord } from '../../../src/core/record/recordParser';

/** Zero-based lines markdown-it (as the preview runs it, `html` on) renders as list items with a status marker. */
function previewStepLines(text: string): number[] {
  const md = new MarkdownIt({ html: true });
  const lines = splitLines(text);
  return md.parse(text, {}).flatMap((t) => (t.type === 'list_item_open' && t.map && detectItemStatus(lines[t.map[0]]) ? [t.map[0]] : []));
}

describe('code and HTML blocks, read as the preview reads them', () => {
  const cases: ReadonlyArray<readonly [string, string, number[]]> = [
    ['a one-line comment hides nothing', '<!-- note -->\n- [x] a', [1]],
    ['a comment hides the steps up to its -->', '<!--\n- [x] a\n\n- [x] b -->\n- [x] c', [4]],
    ['a lone tag after a blank line opens a block up to the next blank line', '- [x] a\n\n<span>\n- [x] b\n\n- [x] c', [0, 5]],
    ['a lone tag right after a paragraph continues it', 'Notes\n<span>\n- [x] a', [2]],
    ['a lone tag with attributes opens a block', '<a href="x" title=\'y\' data-x=z/>\n- [x] a', []],
    ['a tag followed by text is inline HTML', '<a href="x">link</a>\n- [x] a', [1]],
    ['a closing block tag opens a block', '</div>\n- [x] a\n\n- [x] b', [3]],
    ['<script> spans blank lines up to </script>', '<script>\n\n- [x] a\n</script>\n- [x] b', [4]],
    ['a processing instruction ends at ?>', '<?php\n- [x] a\n?>\n- [x] b', [3]],
    ['a declaration ends on its own line', '<!DOCTYPE html>\n- [x] a', [1]],
    ['CDATA ends at ]]>', '<![CDATA[\n- [x] a\n]]>\n- [x] b', [3]],
    ['a tilde fence hides the steps in it', '~~~\n- [x] a\n~~~\n- [x] b', [3]],
    ['a tab-indented fence inside a list item', '- step\n\t```\n\t- [x] a\n\t```\n- [x] b', [4]],
    ['a fence opened four spaces in may close three spaces in', '1. step\n    ```\n    - [x] a\n   ```\n- [x] b', [4]],
    ['a longer closing fence closes; a shorter one does not', '````\n```\n- [x] a\n`````\n- [x] b', [4]],
    ['a nested list item with a marker is a step', '- [x] a\n    - [ ] b', [0, 1]]
  ];

  for (const [title, text, steps] of cases) {
    it(`${title}: the preview, the editor and the analytics agree`, () => {
      assert.deepEqual(previewStepLines(text), steps, 'the preview');
      assert.deepEqual(classifyChecklistLines(splitLines(text)).map((i) => i.line), steps, 'the editor');
      assert.deepEqual(parseRecord(text).checklist.map((i) => i.line), steps, 'the analytics');
    });
  }

  it('reports an HTML comment that is never closed, as it reports an unclosed fence', () => {
    const record = parseRecord('## Steps\n- [x] a\n<!-- TODO\n- [x] b\n');
    assert.deepEqual(record.checklist.map((i) => i.line), [1]);
    assert.deepEqual(record.problems, [{ line: 2, message: 'An HTML comment or block is never closed; the rest of the record was not read.' }]);
    assert.deepEqual(parseRecord('## Steps\n<details>\n- [x] a').problems, []);
  });

  it('reads a 1 MB line that starts like a tag quickly', () => {
    const line = `<a ${'b=c '.repeat(250_000)}`;
    const started = process.hrtime.bigint();
    parseRecord(`${line}\n- [x] a`);
    classifyChecklistLines([line, '- [x] a']);
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 1000);
  });
});
