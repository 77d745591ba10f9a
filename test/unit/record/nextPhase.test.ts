import * as assert from 'assert';
import { nextStep, phaseOrder } from '../../../src/core/record/nextPhase';
import { parseRecord } from '../../../src/core/record/recordParser';

/** A record in progress whose metrics section holds `metrics`. */
const phasesOf = (metrics: string[]) =>
  parseRecord(['## Deployment Metadata', '- **Start Time**: 2026-11-21T10:00:00+01:00', '', '## Deployment Metrics', ...metrics, '- **Success Status**: 🔄 In progress'].join('\n')).phases;

const FRESH = [
  '- **Planning Start**: [PENDING]',
  '- **Planning Duration**: [PENDING]',
  '- **Execution Start**: [PENDING]',
  '- **Execution Duration**: [PENDING]',
  '- **Validation Start**: [PENDING]',
  '- **Validation Duration**: [PENDING]'
];

/** FRESH with the named phases started, in the order given, one minute apart. */
function started(...names: string[]): string[] {
  return FRESH.map((line) => {
    const index = names.findIndex((name) => line.startsWith(`- **${name} Start**`));
    return index < 0 ? line : `- **${names[index]} Start**: 2026-11-21T10:0${index + 1}:00+01:00`;
  });
}

describe('the next step of a deployment', () => {
  it('offers Planning before any phase has started', () => {
    assert.deepStrictEqual(nextStep(phasesOf(FRESH)), { kind: 'phase', phase: 'Planning' });
    assert.deepStrictEqual(nextStep([]), { kind: 'phase', phase: 'Planning' }, 'a record without phase fields');
  });

  it('offers the phase after the one that started', () => {
    assert.deepStrictEqual(nextStep(phasesOf(started('Planning'))), { kind: 'phase', phase: 'Execution' });
    assert.deepStrictEqual(nextStep(phasesOf(started('Planning', 'Execution'))), { kind: 'phase', phase: 'Validation' });
  });

  it('goes on after Execution when Planning was skipped, instead of going back to Planning', () => {
    assert.deepStrictEqual(nextStep(phasesOf(started('Execution'))), { kind: 'phase', phase: 'Validation' });
  });

  it('offers Finish once the last phase has started, even when an earlier one was skipped or restarted later', () => {
    assert.deepStrictEqual(nextStep(phasesOf(started('Planning', 'Execution', 'Validation'))), { kind: 'finish' });
    assert.deepStrictEqual(nextStep(phasesOf(started('Validation'))), { kind: 'finish' });
    // Validation first, then Planning restarted: the deployment has still reached Validation.
    assert.deepStrictEqual(nextStep(phasesOf(started('Validation', 'Planning'))), { kind: 'finish' });
  });

  it('goes through the custom phases after Validation, then offers Finish', () => {
    const custom = ['Smoke Test', 'Announce'];
    assert.deepStrictEqual(nextStep(phasesOf(started('Planning', 'Execution', 'Validation')), custom), { kind: 'phase', phase: 'Smoke Test' });
    const smoke = phasesOf([...started('Validation'), '- **Smoke Test Start**: 2026-11-21T10:09:00+01:00']);
    assert.deepStrictEqual(nextStep(smoke, custom), { kind: 'phase', phase: 'Announce' });
    assert.deepStrictEqual(nextStep(smoke, ['smoke test']), { kind: 'finish' }, 'a custom phase is matched whatever its case');
  });

  it('keeps a phase the record names after the settings dropped it', () => {
    const phases = phasesOf([...started('Validation'), '- **Canary Start**: [PENDING]']);
    assert.deepStrictEqual(nextStep(phases), { kind: 'phase', phase: 'Canary' });
  });
});

describe('the phase order', () => {
  it('lists the standard phases, then the custom ones, then the record\'s own, each once', () => {
    assert.deepStrictEqual(phaseOrder(), ['Planning', 'Execution', 'Validation']);
    assert.deepStrictEqual(phaseOrder(['Smoke Test', 'planning', ' ', 'smoke test'], [{ name: 'Canary' }, { name: 'Execution' }]),
      ['Planning', 'Execution', 'Validation', 'Smoke Test', 'Canary']);
  });
});
