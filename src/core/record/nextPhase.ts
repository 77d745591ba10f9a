import { PHASES } from './recordParser';
import type { PhaseTiming } from './recordTypes';

/** What moves a running deployment on: starting a phase, or finishing. */
export type NextStep =
  | { readonly kind: 'phase'; readonly phase: string }
  | { readonly kind: 'finish' };

const phaseKey = (name: string): string => name.trim().toLowerCase();

/**
 * The order a deployment goes through its phases: Planning, Execution, Validation, then the
 * custom phases from the settings, then any other phase the record names (a custom phase
 * since removed from the settings). Each phase once, whatever its case; the first spelling wins.
 */
export function phaseOrder(customPhases: readonly string[] = [], recordPhases: readonly { readonly name: string }[] = []): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  for (const name of [...PHASES, ...customPhases, ...recordPhases.map((p) => p.name)]) {
    const trimmed = name.trim();
    if (trimmed !== '' && !seen.has(phaseKey(trimmed))) {
      seen.add(phaseKey(trimmed));
      order.push(trimmed);
    }
  }
  return order;
}

/**
 * The step that moves a deployment on, for the status bar menu and the CodeLens alike: the
 * phase after the furthest one (in `phaseOrder`) that has started, the first phase when none
 * has, and finishing once the last one has. A phase that was skipped is never offered after a
 * later one started, and neither is a phase that already started, so following the offer
 * never goes backwards and never asks to restart a phase.
 */
export function nextStep(recordPhases: readonly PhaseTiming[], customPhases: readonly string[] = []): NextStep {
  const order = phaseOrder(customPhases, recordPhases);
  const started = new Set(recordPhases.filter((p) => p.start !== undefined).map((p) => phaseKey(p.name)));
  let furthest = -1;
  order.forEach((name, index) => {
    if (started.has(phaseKey(name))) {
      furthest = index;
    }
  });
  const next = order[furthest + 1];
  return next === undefined ? { kind: 'finish' } : { kind: 'phase', phase: next };
}
