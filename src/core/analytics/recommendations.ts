import type { DeploymentAnalytics, Recommendation } from './analyticsTypes';
import { classifyRecordName } from '../record/recordFiles';
import { formatDuration, formatSpan } from '../record/recordTime';

/** Below this success rate, the most failed step is worth a look. */
const SUCCESS_RATE_TARGET = 0.9;

/** `1 logged issue`, `3 logged issues`: a recommendation reads as a sentence, not as `issue(s)`. */
function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function percent(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10} %`;
}

/**
 * Recommendations that follow from the figures. Each is written from the figure that
 * triggered it and carries that figure as evidence; nothing is said when the data does not
 * call for it. `staleInProgress` counts records still in progress a day after they started.
 */
export function deriveRecommendations(
  a: Omit<DeploymentAnalytics, 'recommendations'>,
  extra: { readonly staleInProgress: number }
): Recommendation[] {
  const out: Recommendation[] = [];
  const finished = a.outcomes.success + a.outcomes.failed + a.outcomes.rolledBack;

  if (a.successRate !== null && a.successRate < SUCCESS_RATE_TARGET) {
    const step = a.steps.failed[0];
    out.push({
      text:
        `Success rate is ${percent(a.successRate)} over ${count(finished, 'finished deployment')}, below ${percent(SUCCESS_RATE_TARGET)}` +
        (step ? `; the step that fails most often is "${step.name}" (${step.count} times): start there.` : '.'),
      evidence: { figure: 'successRate', value: a.successRate, threshold: SUCCESS_RATE_TARGET }
    });
  }

  const total = a.durations.total;
  if (total && total.p90 > a.thresholds.totalSeconds) {
    const longest = Object.entries(a.durations.phases).sort((x, y) => y[1].median - x[1].median)[0];
    out.push({
      text:
        `One deployment in ten takes longer than ${formatDuration(total.p90)} (p90), above the ${formatDuration(a.thresholds.totalSeconds)} target` +
        (longest ? `; ${longest[0]} is the longest phase (median ${formatDuration(longest[1].median)}).` : '.'),
      evidence: { figure: 'durations.total.p90', value: total.p90, threshold: a.thresholds.totalSeconds }
    });
  }

  if (extra.staleInProgress > 0) {
    out.push({
      text: extra.staleInProgress === 1
        ? '1 deployment record is still marked in progress more than a day after it started; finish or abort it so that the success rate counts it.'
        : `${extra.staleInProgress} deployment records are still marked in progress more than a day after they started; finish or abort them so that the success rate counts them.`,
      evidence: { figure: 'outcomes.inProgress (older than a day)', value: extra.staleInProgress }
    });
  }

  const recurring = a.issues.recurringTitles[0];
  if (recurring) {
    out.push({
      text: `The issue "${recurring.name}" was logged ${recurring.count} times; fixing its cause in the template or the automation would remove a repeat problem.`,
      evidence: { figure: 'issues.recurringTitles', value: recurring.count }
    });
  }

  if (a.issues.unresolved > 0) {
    out.push({
      text: a.issues.unresolved === 1
        ? '1 logged issue has no resolution yet; record how it was resolved so that the next operator can reuse it.'
        : `${a.issues.unresolved} logged issues have no resolution yet; record how each was resolved so that the next operator can reuse it.`,
      evidence: { figure: 'issues.unresolved', value: a.issues.unresolved }
    });
  }

  const skippedStep = a.steps.skipped[0];
  if (skippedStep && skippedStep.count >= 3) {
    out.push({
      text: `The step "${skippedStep.name}" was skipped in ${skippedStep.count} deployments; make it conditional in the template or drop it.`,
      evidence: { figure: 'steps.skipped', value: skippedStep.count, threshold: 3 }
    });
  }

  if (a.healthChecks.failed > 0) {
    const checked = a.healthChecks.failed + a.healthChecks.passed;
    out.push({
      text: `${a.healthChecks.failed} of ${count(checked, 'recorded health check')} failed; add the check's cause to the issues log when it happens.`,
      evidence: { figure: 'healthChecks.failed', value: a.healthChecks.failed }
    });
  }

  const downtime = a.durations.downtime;
  if (downtime && downtime.max > a.thresholds.downtimeSeconds) {
    const over = a.alerts.filter((x) => x.kind === 'downtime').length;
    out.push({
      text: `${count(over, 'deployment')} had more than ${formatDuration(a.thresholds.downtimeSeconds)} of downtime (longest ${formatDuration(downtime.max)}); consider a rolling or blue-green rollout.`,
      evidence: { figure: 'durations.downtime.max', value: downtime.max, threshold: a.thresholds.downtimeSeconds }
    });
  }

  for (const env of a.dora.environments) {
    const cfr = env.changeFailureRate;
    if (cfr.value !== null && (cfr.band === 'low' || cfr.band === 'medium')) {
      out.push({
        text: `Change failure rate in ${env.environment} is ${percent(cfr.value)} (${cfr.band} in ${a.dora.bandsSource}); smaller changes and a staging run first usually bring it down.`,
        evidence: { figure: `dora.${env.environment}.changeFailureRate`, value: cfr.value }
      });
    }
    const recovery = env.recoveryTime;
    if (recovery.value !== null && (recovery.band === 'low' || recovery.band === 'medium')) {
      out.push({
        text: `Recovering from a failed deployment in ${env.environment} takes ${formatSpan(recovery.value)} (median, ${recovery.band} band); a rehearsed rollback would shorten it.`,
        evidence: { figure: `dora.${env.environment}.recoveryTime`, value: recovery.value }
      });
    }
  }

  const unavailable = a.dora.environments.filter((e) => e.leadTime.value === null && e.leadTime.note?.startsWith('git history unavailable'));
  if (unavailable.length > 0) {
    out.push({
      text: `Lead time could not be measured in ${unavailable.map((e) => e.environment).join(', ')}: ${unavailable[0].leadTime.note}. Run the command in a full clone (git fetch --unshallow) where the deployed commits exist.`,
      evidence: { figure: 'dora.leadTime.samples', value: 0 }
    });
  }

  // A .gitkeep, a backup or a note in another format is skipped by its name, as it should be:
  // only markdown files that could not be read as records call for a look.
  const unread = a.skipped.filter((s) => classifyRecordName(s.file).kind === 'record');
  if (unread.length > 0) {
    const first = unread[0];
    out.push({
      text: `${count(unread.length, 'markdown file')} in the folder ${unread.length === 1 ? 'is' : 'are'} not counted (for example ${first.file}: ${first.reason}).`,
      evidence: { figure: 'skipped (markdown files)', value: unread.length }
    });
  }
  return out;
}
