import * as assert from 'assert';
import { detectEnvironment, projectPath } from '../../src/core/environment';

const DEFAULT_RULES = [
  { source: 'path' as const, pattern: '/(staging|stage)(/|$)', environment: 'staging' },
  { source: 'path' as const, pattern: '/(development|dev)(/|$)', environment: 'development' }
];

/** The environment the default rules preselect for a workspace folder, as Start Deployment computes it. */
function detectedFor(workspaceFolder: string, facts: { repositoryRoot?: string; homeFolder?: string } = {}): string {
  return detectEnvironment(DEFAULT_RULES, { projectPath: projectPath(workspaceFolder, facts) });
}

describe('environment detection', () => {
  it('applies the teams\' default rules to the project path, with production as the fallback', () => {
    assert.strictEqual(detectEnvironment(DEFAULT_RULES, { projectPath: '/infra/staging' }), 'staging');
    assert.strictEqual(detectEnvironment(DEFAULT_RULES, { projectPath: '/stage/app' }), 'staging');
    assert.strictEqual(detectEnvironment(DEFAULT_RULES, { projectPath: '/platform/envs/dev' }), 'development');
    assert.strictEqual(detectEnvironment(DEFAULT_RULES, { projectPath: '\\platform\\Development\\app' }), 'development');
    assert.strictEqual(detectEnvironment(DEFAULT_RULES, { projectPath: '/devops-tools' }), 'production');
    assert.strictEqual(detectEnvironment([], { projectPath: '/app' }), 'production');
  });

  it('matches branch rules against the branch, first match winning', () => {
    const rules = [{ source: 'branch' as const, pattern: '^release/', environment: 'production' }, { source: 'branch' as const, pattern: '^feature/', environment: 'development' }, ...DEFAULT_RULES];
    assert.strictEqual(detectEnvironment(rules, { projectPath: '/staging', branch: 'feature/x' }), 'development');
    assert.strictEqual(detectEnvironment(rules, { projectPath: '/staging' }), 'staging');
  });

  it('skips a rule with an invalid pattern instead of failing', () => {
    const rules = [{ pattern: '([unclosed', environment: 'broken' }, { pattern: 'qa', environment: 'qa' }];
    assert.strictEqual(detectEnvironment(rules, { projectPath: '/QA/app' }), 'qa');
    assert.strictEqual(detectEnvironment([{ pattern: '(', environment: 'x' }], { projectPath: '/app' }), 'production');
  });
});

describe('the project path that environment rules see', () => {
  const home = '/home/alice';

  it('ignores where the home folder keeps projects: ~/dev and ~/Development are not the development environment', () => {
    assert.strictEqual(projectPath('/home/alice/dev/payments-infra', { repositoryRoot: '/home/alice/dev/payments-infra', homeFolder: home }), '/payments-infra');
    assert.strictEqual(detectedFor('/home/alice/dev/payments-infra', { repositoryRoot: '/home/alice/dev/payments-infra', homeFolder: home }), 'production');
    assert.strictEqual(detectedFor('/Users/alice/Development/prod-infra', { repositoryRoot: '/Users/alice/Development/prod-infra', homeFolder: '/Users/alice' }), 'production');
    assert.strictEqual(detectedFor('/home/ops/stage/app'), 'production', 'a folder above a project that is not in a repository');
  });

  it('keeps the workspace folder\'s own name', () => {
    assert.strictEqual(detectedFor('/home/ops/infra/staging', { homeFolder: '/home/ops' }), 'staging');
    assert.strictEqual(detectedFor('/srv/dev', { repositoryRoot: '/srv/dev' }), 'development');
    assert.strictEqual(projectPath('/'), '/');
  });

  it('keeps the path inside the repository, from the repository\'s own folder down', () => {
    const facts = { repositoryRoot: '/home/alice/dev/platform', homeFolder: home };
    assert.strictEqual(projectPath('/home/alice/dev/platform/envs/staging/web', facts), '/platform/envs/staging/web');
    assert.strictEqual(detectedFor('/home/alice/dev/platform/envs/staging/web', facts), 'staging');
    assert.strictEqual(detectedFor('/home/alice/dev/platform/services/api', facts), 'production');
  });

  it('reads Windows paths, whatever the case of the drive and folders', () => {
    const facts = { repositoryRoot: 'c:\\Users\\Alice\\dev\\Platform', homeFolder: 'C:\\Users\\Alice' };
    assert.strictEqual(projectPath('C:\\Users\\Alice\\dev\\Platform\\Development\\app', facts), '/Platform/Development/app');
    assert.strictEqual(projectPath('C:\\Users\\Alice\\dev\\payments-infra\\', { homeFolder: 'C:\\Users\\Alice' }), '/payments-infra');
  });

  it('does not let a repository that holds the home folder (dotfiles) bring the home layout back', () => {
    assert.strictEqual(projectPath('/home/alice/dev/payments-infra', { repositoryRoot: '/home/alice', homeFolder: home }), '/payments-infra');
    assert.strictEqual(projectPath('/home/alice/dev/payments-infra', { repositoryRoot: '/', homeFolder: home }), '/payments-infra');
  });

  it('uses the folder\'s name when the repository root given is not above it', () => {
    assert.strictEqual(projectPath('/srv/app', { repositoryRoot: '/srv/other' }), '/app');
  });
});
