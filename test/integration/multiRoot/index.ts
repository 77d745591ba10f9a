import { runMochaSuite } from '../mochaSuite';

/** Entry point for the tests that need a multi-root workspace (the runner's `multiroot` configuration). */
export function run(): Promise<void> {
  return runMochaSuite(__dirname, () => true);
}
