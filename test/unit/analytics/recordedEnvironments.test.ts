import * as assert from 'assert';
import { countedKey } from '../../../src/core/analytics/analyticsRow';
import { recordedEnvironments } from '../../../src/core/analytics/recordedEnvironments';

const row = (environment: string | undefined, startMs: number, file: string) => ({
  environment,
  environmentFilterKey: countedKey(environment ?? ''),
  startMs,
  file
});

describe('the environments the records name', () => {
  it('merges case and spacing, spells each as its oldest record does, and lists the busiest first', () => {
    const environments = recordedEnvironments([
      row('production east', 3000, 'c.md'),
      row('Production  East', 1000, 'a.md'),
      row('staging', 2000, 'b.md'),
      row(' PRODUCTION EAST ', 4000, 'd.md'),
      row(undefined, 500, 'e.md'),
      row('Canary', 2500, 'f.md')
    ]);
    // The command's unknown --env warning and the panel's filter both show these names.
    assert.deepStrictEqual(environments.map((e) => [e.name, e.deployments]), [
      ['Production  East', 3],
      ['Canary', 1],
      ['staging', 1]
    ]);
    assert.strictEqual(environments[0].key, countedKey('production east'));
  });
});
