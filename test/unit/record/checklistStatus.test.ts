import * as assert from 'assert';
import { cycleItemLine, detectItemStatus, STATUS_LABELS } from '../../../src/core/record/checklistStatus';

describe('checklist item status', () => {
  const statusOf = (line: string) => detectItemStatus(line)?.status;

  it('reads task boxes, including the empty `[]` box the shell tasks wrote', () => {
    assert.strictEqual(statusOf('- [ ] **Deploy**: apply'), 'pending');
    assert.strictEqual(statusOf('- [] **Deploy infrastructure**: `mise run prod-apply`'), 'pending');
    assert.strictEqual(statusOf('- [x] **Deploy**'), 'done');
    assert.strictEqual(statusOf('- [X] **Deploy**'), 'done');
    assert.strictEqual(statusOf('- [~] **Deploy**'), 'inProgress');
    assert.strictEqual(statusOf('- [🔄] **Deploy**'), 'inProgress');
    assert.strictEqual(statusOf('- [❌] **Deploy**'), 'failed');
    assert.strictEqual(statusOf('- [⏭️] **Deploy**'), 'skipped');
    assert.strictEqual(statusOf('- [⚠️] **Deploy infrastructure**: `mise run deploy-terraform` - **BLOCKED: SSH Auth Issue**'), 'blocked');
    assert.strictEqual(statusOf('- [⚠] no variation selector'), 'blocked');
  });

  it('reads an emoji used as the marker, without a box', () => {
    assert.strictEqual(statusOf('- ✅ **Environment variables loaded**: `mise env`'), 'done');
    assert.strictEqual(statusOf('- ❌ **Deploy**'), 'failed');
    assert.strictEqual(statusOf('- 🔄 **Deploy**'), 'inProgress');
    assert.strictEqual(statusOf('- 🚧 **Deploy**'), 'inProgress');
    assert.strictEqual(statusOf('- ⏭️ **Deploy**'), 'skipped');
    assert.strictEqual(statusOf('- ⚠️ **Deploy**'), 'blocked');
  });

  it('lets the box win over a trailing emoji, except an empty box with a trailing emoji', () => {
    assert.strictEqual(statusOf('- [x] **Environment variables loaded**: `mise env` shows TF_VAR_* values ✅'), 'done');
    assert.strictEqual(statusOf('- [x] **Deploy** ❌'), 'done');
    assert.strictEqual(statusOf('- [ ] **Deploy** ❌'), 'failed');
    assert.strictEqual(statusOf('- **Deploy** ✅'), 'done');
  });

  it('accepts `*`, `+` and numbered bullets, and reports nesting', () => {
    assert.strictEqual(statusOf('* [x] a'), 'done');
    assert.strictEqual(statusOf('+ [ ] a'), 'pending');
    assert.strictEqual(statusOf('12. [x] a'), 'done');
    assert.strictEqual(statusOf('3) ❌ a'), 'failed');
    assert.strictEqual(detectItemStatus('  - [x] sub-step')?.indent, 2);
    assert.strictEqual(detectItemStatus('\t- [x] sub-step')?.indent, 4);
  });

  it('gives the marker and text positions so an editor can decorate them', () => {
    const line = '  - [x] **Deploy**: go';
    const item = detectItemStatus(line)!;
    assert.strictEqual(line.slice(item.markerStart, item.markerEnd), '[x]');
    assert.strictEqual(line.slice(item.textStart), '**Deploy**: go');
    const emoji = detectItemStatus('- ⚠️ careful')!;
    assert.strictEqual('- ⚠️ careful'.slice(emoji.markerStart, emoji.markerEnd), '⚠️');
    assert.strictEqual('- ⚠️ careful'.slice(emoji.textStart), 'careful');
  });

  it('does not mistake plain bullets, links, placeholders or headings for items', () => {
    for (const line of ['- plain bullet', '- [link](http://x) text', '- **Success Status**: [PENDING]', '### What Went Well ✅', 'text ✅', '', '-', '- ', '-[x] no space', '**Bold** ✅']) {
      assert.strictEqual(detectItemStatus(line), undefined, line);
    }
  });

  it('never throws on random input', () => {
    const alphabet = ['-', ' ', '[', ']', 'x', '✅', '⚠', '\uFE0F', '\uD83D', '\uDD04', '1', '.', ')', '\t', '*', 'a', '\n', '~'];
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 3000; i++) {
      let s = '';
      const len = Math.floor(rand() * 20);
      for (let j = 0; j < len; j++) {
        s += alphabet[Math.floor(rand() * alphabet.length)];
      }
      detectItemStatus(s);
      assert.strictEqual(typeof cycleItemLine(s), 'string');
    }
  });

  it('has a label for every status', () => {
    assert.strictEqual(STATUS_LABELS.inProgress, 'In progress');
    assert.strictEqual(Object.keys(STATUS_LABELS).length, 6);
  });
});

describe('cycling an item', () => {
  it('cycles a box through pending, in progress, done, failed, skipped and back', () => {
    const seen = ['  - [ ] **Deploy**: go'];
    for (let i = 0; i < 5; i++) {
      seen.push(cycleItemLine(seen[seen.length - 1]));
    }
    assert.deepStrictEqual(seen, [
      '  - [ ] **Deploy**: go',
      '  - [🔄] **Deploy**: go',
      '  - [x] **Deploy**: go',
      '  - [❌] **Deploy**: go',
      '  - [⏭️] **Deploy**: go',
      '  - [ ] **Deploy**: go'
    ]);
    assert.deepStrictEqual(seen.map((l) => detectItemStatus(l)?.status), ['pending', 'inProgress', 'done', 'failed', 'skipped', 'pending']);
  });

  it('keeps the emoji style, using a box for pending', () => {
    assert.strictEqual(cycleItemLine('- ✅ **Init**'), '- ❌ **Init**');
    assert.strictEqual(cycleItemLine('- ❌ **Init**'), '- ⏭️ **Init**');
    assert.strictEqual(cycleItemLine('- ⏭️ **Init**'), '- [ ] **Init**');
    assert.strictEqual(cycleItemLine('- 🔄 **Init**'), '- ✅ **Init**');
  });

  it('turns an empty `[]` box and a blocked item into the next status', () => {
    assert.strictEqual(cycleItemLine('- [] **Deploy**'), '- [🔄] **Deploy**');
    assert.strictEqual(cycleItemLine('- [⚠️] **Deploy**'), '- [🔄] **Deploy**');
  });

  it('drops a trailing emoji that would contradict the new status', () => {
    assert.strictEqual(cycleItemLine('- [x] **Init** ✅'), '- [❌] **Init**');
    assert.strictEqual(cycleItemLine('- [ ] **Init** ❌'), '- [⏭️] **Init**');
    assert.strictEqual(cycleItemLine('- **Init** ✅'), '- ❌ **Init**');
  });

  it('makes a plain line or bullet into a pending item', () => {
    assert.strictEqual(cycleItemLine('Check the logs'), '- [ ] Check the logs');
    assert.strictEqual(cycleItemLine('   - Check the logs'), '   - [ ] Check the logs');
    assert.strictEqual(cycleItemLine('1. Check'), '1. [ ] Check');
  });
});
