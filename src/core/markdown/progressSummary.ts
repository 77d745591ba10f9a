import type { ItemStatus } from '../record/recordTypes';

/** How many checklist items are in each status. */
export type StatusCounts = Record<ItemStatus, number> & { readonly total: number };

/** Counts statuses; the order of the input does not matter. */
export function countStatuses(statuses: Iterable<ItemStatus>): StatusCounts {
  const counts = { done: 0, failed: 0, inProgress: 0, skipped: 0, blocked: 0, pending: 0, total: 0 };
  for (const status of statuses) {
    counts[status]++;
    counts.total++;
  }
  return counts;
}

/**
 * The one-line progress summary shown in the preview and the CodeLens, e.g.
 * `14/20 done · 1 failed · 2 skipped`. Statuses with no items are left out, so a fresh
 * record reads `0/12 done`.
 */
export function formatProgress(counts: StatusCounts): string {
  const parts = [`${counts.done}/${counts.total} done`];
  if (counts.failed) {
    parts.push(`${counts.failed} failed`);
  }
  if (counts.inProgress) {
    parts.push(`${counts.inProgress} in progress`);
  }
  if (counts.blocked) {
    parts.push(`${counts.blocked} blocked`);
  }
  if (counts.skipped) {
    parts.push(`${counts.skipped} skipped`);
  }
  return parts.join(' · ');
}

/** CSS class suffixes, kebab-cased for the stylesheet: `dr-status-in-progress`. */
export const STATUS_CLASS: Readonly<Record<ItemStatus, string>> = {
  done: 'dr-status-done',
  failed: 'dr-status-failed',
  inProgress: 'dr-status-in-progress',
  skipped: 'dr-status-skipped',
  blocked: 'dr-status-blocked',
  pending: 'dr-status-pending'
};
