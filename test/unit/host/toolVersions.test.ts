import * as assert from 'assert';
import * as os from 'os';
import { collectToolVersions, NOT_COLLECTED_UNTRUSTED, splitCommandLine, toolDisplayName, versionFromOutput } from '../../../src/host/toolVersions';

describe('tool versions in a new record', () => {
  it('reads the version token from the first output line', () => {
    assert.strictEqual(versionFromOutput('Terraform v1.13.1\non linux_amd64\n'), 'v1.13.1');
    assert.strictEqual(versionFromOutput('\nkubectl 1.30.2-eks\n'), '1.30.2-eks');
    assert.strictEqual(versionFromOutput('no numbers here'), 'no numbers here');
    assert.strictEqual(versionFromOutput('   \n'), undefined);
  });

  it('names the tool after its executable', () => {
    assert.strictEqual(toolDisplayName('terraform'), 'Terraform');
    assert.strictEqual(toolDisplayName('/usr/local/bin/kubectl.exe'), 'Kubectl');
  });

  it('splits a command without a shell: separators are just odd arguments', () => {
    assert.deepStrictEqual(splitCommandLine('terraform; rm -rf ~'), ['terraform;', 'rm', '-rf', '~']);
    assert.deepStrictEqual(splitCommandLine('tool "two words" \'x y\''), ['tool', 'two words', 'x y']);
  });

  it('runs a real command and records its version', async () => {
    const [node] = await collectToolVersions([`"${process.execPath}" --version`], os.tmpdir(), true);
    assert.strictEqual(node.version, process.version);
  });

  it('writes "not installed" for a missing tool, and a shell separator runs nothing', async () => {
    const versions = await collectToolVersions(['no-such-tool-dr version', 'terraform-dr-missing; touch pwned'], os.tmpdir(), true);
    assert.deepStrictEqual(versions.map((v) => v.version), ['not installed', 'not installed']);
  });

  it('runs nothing in an untrusted workspace', async () => {
    const versions = await collectToolVersions([`"${process.execPath}" --version`], os.tmpdir(), false);
    assert.strictEqual(versions[0].version, NOT_COLLECTED_UNTRUSTED);
  });
});
