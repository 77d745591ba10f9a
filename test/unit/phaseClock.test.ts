import * as assert from 'assert';
import { formatClock, phaseClock } from '../../src/core/phaseClock';
import * as fs from 'fs';
import * as path from 'path';
import { readRecordRow } from '../../src/core/analytics/analyticsRowReader';
import { parseRecord } from '../../src/core/record/recordParser';

const at = (iso: string) => Date.parse(iso);
const record = (metrics: string[]) =>
  parseRecord(['## Deployment Metadata', '- **Start Time**: 2026-11-21T10:00:00+01:00', '## Deployment Metrics', ...metrics].join('\n'));

describe('the phase clock', () => {
  it('shows the running phase and its elapsed time, and each phase so far', () => {
    const parsed = record([
      '- **Planning Start**: 2026-11-21T10:01:00+01:00',
      '- **Planning Duration**: 2m 30s',
      '- **Execution Start**: 2026-11-21T10:03:30+01:00',
      '- **Execution Duration**: [PENDING]',
      '- **Validation Start**: [PENDING]',
      '- **Success Status**: 🔄 In progress'
    ]);
    const clock = phaseClock(parsed, at('2026-11-21T10:13:35+01:00'));
    assert.strictEqual(clock.phase, 'Execution');
    assert.strictEqual(clock.phaseElapsedSeconds, 605);
    assert.strictEqual(clock.totalElapsedSeconds, 815);
    assert.deepStrictEqual(clock.phases, [
      { name: 'Planning', seconds: 150, running: false },
      { name: 'Execution', seconds: 605, running: true }
    ]);
  });

  it('has no running phase before the first mark, and stops when the deployment is finished', () => {
    assert.strictEqual(phaseClock(record(['- **Planning Start**: [PENDING]']), at('2026-11-21T10:00:30+01:00')).phase, undefined);
    const finished = record([
      '- **Planning Start**: 2026-11-21T10:01:00+01:00',
      '- **End Time**: 2026-11-21T10:31:00+01:00',
      '- **Success Status**: ✅ Succeeded'
    ]);
    const clock = phaseClock(finished, at('2026-11-22T00:00:00Z'));
    assert.strictEqual(clock.phase, undefined);
    assert.strictEqual(clock.totalElapsedSeconds, 31 * 60);
    assert.deepStrictEqual(clock.phases, [{ name: 'Planning', seconds: 30 * 60, running: false }]);
  });

  it('measures a finished phase as the analytics do, not by a hand-written duration', () => {
    // The real record says `Planning Duration: ~2 minutes (until execution start)` for a
    // planning phase that ran 77 s (18:50:43 to 18:52:00).
    const file = '2025-09-05-18-46-deployment.md';
    const bytes = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'real-world', 'deployments', 'checklists', file));
    const clock = phaseClock(parseRecord(bytes.toString('utf8'), file), at('2025-09-05T19:00:00Z'), 0);
    const row = readRecordRow(bytes, file);
    assert.deepStrictEqual(clock.phases[0], { name: 'Planning', seconds: 77, running: false });
    assert.strictEqual(row?.phaseSeconds[row.phaseNames.indexOf('planning')], 77);

    // With nothing to measure to (finished, no End Time), the written duration is all there is.
    const unmeasured = record([
      '- **Validation Start**: 2026-11-21T10:20:00+01:00',
      '- **Validation Duration**: 4m 10s',
      '- **Success Status**: ✅ Succeeded'
    ]);
    assert.deepStrictEqual(phaseClock(unmeasured, at('2026-11-22T00:00:00Z')).phases, [{ name: 'Validation', seconds: 250, running: false }]);
  });

  it('reads offset-less times of the old records in the given zone and never goes negative', () => {
    const parsed = parseRecord('## Deployment Metadata\n- **Start Time**: 2025-09-05 18:46:08\n## Deployment Metrics\n- **Execution Start**: 2025-09-05 18:52:00\n');
    const clock = phaseClock(parsed, at('2025-09-05T16:53:00Z'), 120);
    assert.strictEqual(clock.phaseElapsedSeconds, 60);
    assert.strictEqual(phaseClock(parsed, at('2025-09-05T10:00:00Z'), 120).phaseElapsedSeconds, 0);
  });

  it('formats mm:ss under an hour, hh:mm:ss past it, and counts days for an abandoned record', () => {
    assert.strictEqual(formatClock(0), '00:00');
    assert.strictEqual(formatClock(605), '10:05');
    assert.strictEqual(formatClock(3599), '59:59');
    assert.strictEqual(formatClock(3600), '01:00:00');
    assert.strictEqual(formatClock(86399), '23:59:59');
    assert.strictEqual(formatClock(442 * 86400 + 5 * 3600 + 13 * 60 + 33), '442d 05:13:33');
    assert.strictEqual(formatClock(37 * 3600 + 61), '1d 13:01:01');
    assert.strictEqual(formatClock(-5), '00:00');
  });
});
