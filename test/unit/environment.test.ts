import * as assert from 'assert';
import { detectEnvironment } from '../../src/core/environment';

const DEFAULT_RULES = [
  { source: 'path' as const, pattern: '/(staging|stage)(/|$)', environment: 'staging' },
  { source: 'path' as const, pattern: '/(development|dev)(/|$)', environment: 'development' }
];

describe('environment detection', () => {
  it('applies the teams\' default rules to the workspace path, with production as the fallback', () => {
    assert.strictEqual(detectEnvironment(DEFAULT_RULES, { workspacePath: '/home/ops/infra/staging' }), 'staging');
    assert.strictEqual(detectEnvironment(DEFAULT_RULES, { workspacePath: '/home/ops/stage/app' }), 'staging');
    assert.strictEqual(detectEnvironment(DEFAULT_RULES, { workspacePath: '/home/basher83/dev/Sombrero-Edge-Control' }), 'development');
    assert.strictEqual(detectEnvironment(DEFAULT_RULES, { workspacePath: 'C:\\work\\Development\\app' }), 'development');
    assert.strictEqual(detectEnvironment(DEFAULT_RULES, { workspacePath: '/home/ops/devops-tools' }), 'production');
    assert.strictEqual(detectEnvironment([], { workspacePath: '/srv/app' }), 'production');
  });

  it('matches branch rules against the branch, first match winning', () => {
    const rules = [{ source: 'branch' as const, pattern: '^release/', environment: 'production' }, { source: 'branch' as const, pattern: '^feature/', environment: 'development' }, ...DEFAULT_RULES];
    assert.strictEqual(detectEnvironment(rules, { workspacePath: '/srv/staging', branch: 'feature/x' }), 'development');
    assert.strictEqual(detectEnvironment(rules, { workspacePath: '/srv/staging' }), 'staging');
  });

  it('skips a rule with an invalid pattern instead of failing', () => {
    const rules = [{ pattern: '([unclosed', environment: 'broken' }, { pattern: 'qa', environment: 'qa' }];
    assert.strictEqual(detectEnvironment(rules, { workspacePath: '/srv/QA/app' }), 'qa');
    assert.strictEqual(detectEnvironment([{ pattern: '(', environment: 'x' }], { workspacePath: '/srv' }), 'production');
  });
});
