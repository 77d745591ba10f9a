import { runMochaSuite } from '../mochaSuite';

/**
 * Entry point for the tests that run against the extension as installed from the packaged
 * .vsix (the runner points extensionDevelopmentPath at the installed folder).
 */
export function run(): Promise<void> {
  return runMochaSuite(__dirname, () => true);
}
