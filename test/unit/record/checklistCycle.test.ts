import * as assert from 'assert';
import { describeCycle, planChecklistCycle, type CycleVerdict } from '../../../src/core/record/checklistCycle';
import { parseRecord } from '../../../src/core/record/recordParser';

/** A finished record with every kind of line the cycle command can land on. */
const RECORD = [
  '# Deployment Checklist 🚀', //                     0
  '',
  '## Deployment Metadata', //                         2
  '',
  '- **Deployment ID**: DEP-2026-11-21-23-43', //      4
  '- **Operator**: ada', //                            5
  '- **Planning Start**: 2026-11-21 23:45:00 ✅', //    6
  '',
  '## Deployment Metrics (Auto-captured)', //          8
  '- **Success Status**: ✅ Succeeded', //              9
  '- **Total Duration**: 12m 00s', //                  10
  '',
  '## Take-Off 🛫', //                                  12
  '- [x] **Deploy**: apply the change', //             13
  '- plain bullet', //                                 14
  'Call the on-call engineer', //                      15
  '```bash', //                                        16
  '- [x] inside code', //                              17
  'terraform apply', //                                18
  '```', //                                            19
  '---', //                                            20
  '## 🚨 Issues & Resolutions Log', //                 21
  '### Issue #2: SSH agent lost keys', //              22
  '- **Resolution**: ssh-add again ✅', //              23
  '- **Impact**: High', //                             24
  ''
];

function apply(lines: readonly string[], verdicts: readonly CycleVerdict[]): string[] {
  const out = [...lines];
  for (const v of verdicts) {
    if (v.kind === 'cycle') {
      out[v.line] = v.after;
    }
  }
  return out;
}

function reasonAt(line: number): string | undefined {
  const [verdict] = planChecklistCycle(RECORD, [line]);
  return verdict.kind === 'notStep' ? verdict.reason.kind : undefined;
}

describe('cycling only checklist steps', () => {
  it('leaves headings alone, the metrics heading included', () => {
    for (const line of [0, 2, 8, 12, 21, 22]) {
      assert.strictEqual(reasonAt(line), 'heading', RECORD[line]);
    }
    assert.deepStrictEqual(apply(RECORD, planChecklistCycle(RECORD, [8])), RECORD);
  });

  it('leaves metadata and metrics fields alone, so a finished deployment stays finished', () => {
    const verdicts = planChecklistCycle(RECORD, [4, 5, 6, 9, 10]);
    assert.deepStrictEqual(verdicts.map((v) => v.kind === 'notStep' && v.reason), [
      { kind: 'fields', section: 'Deployment Metadata' },
      { kind: 'fields', section: 'Deployment Metadata' },
      { kind: 'fields', section: 'Deployment Metadata' },
      { kind: 'fields', section: 'Deployment Metrics (Auto-captured)' },
      { kind: 'fields', section: 'Deployment Metrics (Auto-captured)' }
    ]);
    const after = parseRecord(apply(RECORD, verdicts).join('\n'));
    assert.strictEqual(after.outcome, 'success');
    assert.strictEqual(after.operator, 'ada');
  });

  it('leaves code blocks alone, fences included', () => {
    assert.deepStrictEqual([16, 17, 18, 19].map(reasonAt), ['code', 'code', 'code', 'code']);
  });

  it('leaves an issue\'s fields and horizontal rules alone', () => {
    assert.deepStrictEqual([23, 24].map(reasonAt), ['issue', 'issue']);
    assert.strictEqual(reasonAt(20), 'rule');
    assert.deepStrictEqual(planChecklistCycle(RECORD, [23])[0], { line: 23, kind: 'notStep', reason: { kind: 'issue', issue: 2 } });
  });

  it('cycles a step, and makes a plain bullet or line of a steps section into a pending step', () => {
    const verdicts = planChecklistCycle(RECORD, [13, 14, 15]);
    assert.deepStrictEqual(verdicts.map((v) => v.kind === 'cycle' && v.after), [
      '- [❌] **Deploy**: apply the change',
      '- [ ] plain bullet',
      '- [ ] Call the on-call engineer'
    ]);
    const steps = parseRecord(apply(RECORD, verdicts).join('\n')).checklist.map((s) => s.line);
    assert.deepStrictEqual(steps, [13, 14, 15]);
  });

  it('judges each line of a selection on its own, in line order, once', () => {
    const verdicts = planChecklistCycle(RECORD, [15, 9, 13, 9, 1, 99, -1]);
    assert.deepStrictEqual(verdicts.map((v) => [v.line, v.kind]), [[1, 'notStep'], [9, 'notStep'], [13, 'cycle'], [15, 'cycle']]);
  });

  it('counts a rule as the end of the metrics section, as the parser does', () => {
    const lines = ['## Deployment Metrics', '- **Success Status**: ✅ Succeeded', '---', '- follow-up'];
    assert.deepStrictEqual(planChecklistCycle(lines, [3]).map((v) => v.kind === 'cycle' && v.after), ['- [ ] follow-up']);
  });

  it('leaves the action items and notes of Lessons Learned alone, which are for the next deployment, and cycles the steps after it', () => {
    const lines = [
      '## 📚 Lessons Learned & Improvements', //          0
      '### What Went Well ✅', //                          1
      '- Pre-flight validation caught issues early', //   2
      'A plain note', //                                  3
      '### Action Items for Next Deployment 📋', //       4
      '- [ ] **HIGH** Set up SSH key authentication', //  5
      '## Mission Complete 🎯', //                         6
      '- [ ] **Record committed**' //                     7
    ];
    const verdicts = planChecklistCycle(lines, [2, 3, 5, 7]);
    const lessons = { kind: 'lessons', section: '📚 Lessons Learned & Improvements' };
    assert.deepStrictEqual(verdicts.map((v) => (v.kind === 'notStep' ? v.reason : v.after)), [lessons, lessons, lessons, '- [🔄] **Record committed**']);
    assert.deepStrictEqual(planChecklistCycle(lines, [4])[0], { line: 4, kind: 'notStep', reason: { kind: 'heading' } });
    assert.strictEqual(
      describeCycle(planChecklistCycle(lines, [5])),
      'Not a checklist step, so nothing changed: line 6 is in “📚 Lessons Learned & Improvements”, which holds lessons and action items for the next deployment, not steps. ' +
        'Put the cursor on a step (“- [ ] …”) or a plain line.'
    );
  });

  it('leaves the lines of an issue written as a note alone, as analytics counts it, and cycles its steps and the notes that are no issue', () => {
    const lines = [
      '## Pilot notes', //                                           0
      '- First attempt at apply errored: no supported methods', //   1
      '  ssh: handshake failed', //                                  2
      '  - tried ssh-add', //                                        3
      '  - [x] checked the agent', //                                4
      '', //                                                         5
      '  - RESOLUTION: add the private key', //                      6
      '  - ROOT CAUSE: the provider uploads by SSH', //              7
      '- Second attempt', //                                         8
      '  - EXAMPLE: triple quotes', //                               9
      '- [ ] **Record committed**' //                               10
    ];
    const issues = parseRecord(lines.join('\n')).issues;
    assert.deepStrictEqual(issues.map((i) => [i.line, i.title]), [[1, 'First attempt at apply errored']]);
    const note = { kind: 'issueNote', title: 'First attempt at apply errored' };
    const verdicts = planChecklistCycle(lines, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepStrictEqual(verdicts.map((v) => (v.kind === 'notStep' ? v.reason : v.after)), [
      note, note, note, '  - [❌] checked the agent', { kind: 'blank' }, note, note,
      '- [ ] Second attempt', '  - [ ] EXAMPLE: triple quotes', '- [🔄] **Record committed**'
    ]);
    // Only the line below says it is an issue: reading goes on past the last line asked about.
    assert.deepStrictEqual(planChecklistCycle(lines, [1]), [{ line: 1, kind: 'notStep', reason: note }]);
    assert.strictEqual(
      describeCycle(planChecklistCycle(lines, [1])),
      'Not a checklist step, so nothing changed: line 2 is part of the issue “First attempt at apply errored” noted with its resolution or root cause, not a step. ' +
        'Put the cursor on a step (“- [ ] …”) or a plain line.'
    );
    // Each line names the innermost issue it belongs to.
    const nested = ['## Notes', '- Deploy day', '  - Apply errored', '    retried twice', '    - RESOLUTION: raised the timeout', '  - a remark', '  - ROOT CAUSE: lock', '- after'];
    assert.deepStrictEqual(planChecklistCycle(nested, [1, 2, 3, 5, 7]).map((v) => (v.kind === 'notStep' && v.reason.kind === 'issueNote' ? v.reason.title : v.kind)), [
      'Deploy day', 'Apply errored', 'Apply errored', 'Deploy day', 'cycle'
    ]);
    // The second note is no issue: as a step, it stays none.
    const after = apply(lines, planChecklistCycle(lines, [8, 9]));
    assert.deepStrictEqual(parseRecord(after.join('\n')).issues.map((i) => i.line), [1]);
  });

  it('treats a step-looking line inside the metadata as a field, not a step', () => {
    const lines = ['## Deployment Metadata', '- [x] looks like a step'];
    assert.strictEqual(planChecklistCycle(lines, [1])[0].kind, 'notStep');
  });
});

describe('explaining a cycle in the status bar', () => {
  it('says why nothing changed on a heading', () => {
    assert.strictEqual(
      describeCycle(planChecklistCycle(RECORD, [8])),
      'Not a checklist step, so nothing changed: line 9 is a heading. Put the cursor on a step (“- [ ] …”) or a plain line.'
    );
  });

  it('names the section of a field', () => {
    assert.match(describeCycle(planChecklistCycle(RECORD, [9])) ?? '', /line 10 is in “Deployment Metrics \(Auto-captured\)”, which holds fields, not steps/);
    assert.match(describeCycle(planChecklistCycle(RECORD, [24])) ?? '', /line 25 is part of Issue #2, which holds fields, not steps/);
    assert.match(describeCycle(planChecklistCycle(RECORD, [17])) ?? '', /line 18 is in a code block/);
  });

  it('names three lines and counts the rest', () => {
    assert.strictEqual(
      describeCycle(planChecklistCycle(RECORD, [2, 4, 5, 6, 9])),
      'Not checklist steps, so nothing changed: line 3 is a heading; line 5 is in “Deployment Metadata”, which holds fields, not steps; ' +
        'line 6 is in “Deployment Metadata”, which holds fields, not steps; 2 more lines are not steps either. Put the cursor on a step (“- [ ] …”) or a plain line.'
    );
  });

  it('says what was left when some steps cycled, without mentioning blank lines', () => {
    assert.strictEqual(describeCycle(planChecklistCycle(RECORD, [12, 13, 14])), 'Cycled 2 steps; left one line as it was: line 13 is a heading.');
    assert.strictEqual(describeCycle(planChecklistCycle(['- [ ] a', '', '- [ ] b'], [0, 1, 2])), undefined);
    assert.match(describeCycle(planChecklistCycle(['', 'text'], [0])) ?? '', /line 1 is blank/);
  });
});
