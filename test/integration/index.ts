import * as path from 'path';
import { runMochaSuite } from './mochaSuite';

/**
 * Entry point the extension host calls (`extensionTestsPath`): every integration test
 * except the restricted-mode ones, which need a workspace that is not trusted.
 */
export function run(): Promise<void> {
  return runMochaSuite(__dirname, (file) => !file.split(path.sep).includes('restricted'));
}
