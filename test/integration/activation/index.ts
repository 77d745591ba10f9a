import { runMochaSuite } from '../mochaSuite';

/** Entry point for the tests that check activation in a workspace of their own (see testWorkspace.js). */
export function run(): Promise<void> {
  return runMochaSuite(__dirname, () => true);
}
