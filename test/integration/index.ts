import * as path from 'path';
import { runMochaSuite } from './mochaSuite';

/**
 * Entry point the extension host calls (`extensionTestsPath`): every integration test
 * except the restricted-mode ones, which need a workspace that is not trusted, the
 * activation ones, which need a workspace of their own, the packaged ones, which need the
 * extension installed from the .vsix, and the multi-root ones, which need a workspace of two
 * folders.
 */
export function run(): Promise<void> {
  return runMochaSuite(__dirname, (file) => {
    const folders = file.split(path.sep);
    return !folders.includes('restricted') && !folders.includes('packaged') && !folders.includes('activation') && !folders.includes('multiRoot');
  });
}
