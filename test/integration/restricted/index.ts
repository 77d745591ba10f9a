import { runMochaSuite } from '../mochaSuite';

/** Entry point for the tests that run in a restricted (untrusted) workspace. */
export function run(): Promise<void> {
  return runMochaSuite(__dirname, () => true);
}
