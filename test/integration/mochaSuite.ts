import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

/**
 * Line the runner (test/host/runIntegrationTests.js) parses for the pass/fail counts; the
 * extension host's console is all it sees in the browser-hosted VS Code.
 */
export const SUMMARY_PREFIX = '@@mocha-summary ';

function testFilesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      found.push(...testFilesUnder(full));
    } else if (entry.name.endsWith('.test.js')) {
      found.push(full);
    }
  }
  return found.sort();
}

/**
 * Runs every `*.test.js` under `root` that `include` accepts, with the spec reporter and
 * no colours (the output is read as plain text), and rejects when any test failed.
 */
export function runMochaSuite(root: string, include: (file: string) => boolean): Promise<void> {
  const mocha = new Mocha({ reporter: 'spec', color: false, timeout: 60_000, forbidOnly: true });
  // Both interfaces, so test files may use either `suite/test` or `describe/it`.
  mocha.ui('bdd');
  mocha.ui('tdd');
  for (const file of testFilesUnder(root).filter(include)) {
    mocha.addFile(file);
  }
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const summary = {
          passes: runner.stats?.passes ?? 0,
          failures,
          pending: runner.stats?.pending ?? 0
        };
        console.log(`${SUMMARY_PREFIX}${JSON.stringify(summary)}`);
        // Under @vscode/test-electron the runner passes a file to write the counts to.
        const summaryFile = process.env.DEPLOYMENT_RECORDS_SUMMARY_FILE;
        if (summaryFile) {
          fs.writeFileSync(summaryFile, JSON.stringify(summary));
        }
        if (failures > 0) {
          reject(new Error(`${failures} integration test(s) failed.`));
        } else {
          resolve();
        }
      });
    } catch (error) {
      console.error(error);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
