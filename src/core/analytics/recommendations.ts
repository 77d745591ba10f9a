import type { DeploymentAnalytics, Recommendation } from './analyticsTypes';
import { CHANGE_FAILURE_RATE, type DoraEnvironmentDetail } from './dora';
import { classifyRecordName } from '../record/recordFiles';
import { formatDuration, formatSpan } from '../record/recordTime';

/** Below this success rate, the most failed step is worth a look. */
const SUCCESS_RATE_TARGET = 0.9;

/** `1 logged issue`, `3 logged issues`: a recommendation reads as a sentence, not as `issue(s)`. */
function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * A ratio as a percentage to one decimal, or to as many more (up to four) as it takes not to
 * read as one of `bounds` it is not: 89.96 % is below 90 % and must not be written `90 %`.
 */
function percent(ratio: number, bounds: readonly number[] = []): string {
  // `value * 1000` for one decimal, as the dashboard and the command compute it: `value * 100 * 10`
  // can round the other way (0.8475 → 84.8 against 84.7) and the two would disagree.
  const at = (decimals: number, value: number) => Math.round(value * 10 ** (decimals + 2)) / 10 ** decimals;
  let decimals = 1;
  while (decimals < 4 && bounds.some((bound) => bound !== ratio && at(decimals, bound) === at(decimals, ratio))) {
    decimals++;
  }
  return `${at(decimals, ratio)} %`;
}

const CHANGE_FAILURE_RATE_BOUNDS = CHANGE_FAILURE_RATE.map(([, bound]) => bound);

/**
 * What to do about each reason `measureLeadTimes` and the git history give for a lead time
 * that could not be measured; a reason not listed (a timeout, a git error) gets no advice.
 */
const LEAD_TIME_ADVICE: ReadonlyArray<readonly [RegExp, string]> = [
  [/^shallow clone/, 'Fetch the full history (git fetch --unshallow) so that the deployed commits are in it.'],
  [/^not a git repository$/, 'The records folder is not in a git repository: run the command in a clone of the repository whose commits the records deploy.'],
  [/^git is not installed$/, 'Install git, or put it on the PATH.'],
  [/^commit not found/, 'The deployed commits are not in this clone: fetch the branches they were deployed from (a squashed or rewritten history no longer holds them).'],
  [/^no commit recorded$/, 'Record the deployed commit (Git Commit) in each record.'],
  [/^the recorded commit is not a hash$/, 'Record the full commit hash in Git Commit.'],
  [/^deployment recorded before its commit was authored/, 'Record start and end times with their UTC offset, so that they compare with the commits\' author times.']
];

/** Reasons listed by name in the lead time recommendation; the rest are counted. */
const LISTED_REASONS = 3;

/**
 * Recommendations that follow from the figures. Each is written from the figure that
 * triggered it and carries that figure as evidence; nothing is said when the data does not
 * call for it. `staleInProgress` counts records still in progress a day after they started;
 * `withoutMetadata` counts records with no Deployment Metadata section at all.
 */
export function deriveRecommendations(
  a: Omit<DeploymentAnalytics, 'recommendations'>,
  extra: {
    readonly staleInProgress: number;
    readonly withoutMetadata?: number;
    /** By environment name: why lead times are missing (see `computeDora`). */
    readonly dora?: ReadonlyMap<string, DoraEnvironmentDetail>;
  }
): Recommendation[] {
  const out: Recommendation[] = [];
  const finished = a.outcomes.success + a.outcomes.failed + a.outcomes.rolledBack;
  // Compared unrounded (the JSON's four decimals can sit on the target), and written from the
  // JSON's figure, so that the text says what the dashboard's card says, unless that figure
  // rounds up to the target itself.
  const successRate = finished > 0 ? a.outcomes.success / finished : null;

  if (successRate !== null && a.successRate !== null && successRate < SUCCESS_RATE_TARGET) {
    const step = a.steps.failed[0];
    out.push({
      text:
        `Success rate is ${percent(a.successRate < SUCCESS_RATE_TARGET ? a.successRate : successRate, [SUCCESS_RATE_TARGET])} over ${count(finished, 'finished deployment')}, below ${percent(SUCCESS_RATE_TARGET)}` +
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
        ? '1 deployment record is still marked in progress more than a day after it started; finish it, or mark it aborted if it was abandoned, so that it stops counting as in progress.'
        : `${extra.staleInProgress} deployment records are still marked in progress more than a day after they started; finish them, or mark them aborted if they were abandoned, so that they stop counting as in progress.`,
      evidence: { figure: 'outcomes.inProgress (older than a day)', value: extra.staleInProgress }
    });
  }

  // A copy of the template with no metadata (a start that failed can leave one behind) is
  // still a record, started when its file name says, by nobody, nowhere: the figures count
  // it, and only the team knows whether a deployment happened.
  const withoutMetadata = extra.withoutMetadata ?? 0;
  if (withoutMetadata > 0) {
    out.push({
      text: withoutMetadata === 1
        ? '1 deployment record has no Deployment Metadata, so it names no operator, environment or commit; fill in its metadata, or delete it if it is a template copy that no deployment used.'
        : `${withoutMetadata} deployment records have no Deployment Metadata, so they name no operator, environment or commit; fill in their metadata, or delete those that are template copies no deployment used.`,
      evidence: { figure: 'records without Deployment Metadata', value: withoutMetadata }
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
        text: `Change failure rate in ${env.environment} is ${percent(cfr.value, CHANGE_FAILURE_RATE_BOUNDS)} (${cfr.band} in ${a.dora.bandsSource}); smaller changes and a staging run first usually bring it down.`,
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

  const leadTime = leadTimeRecommendation(a, extra.dora);
  if (leadTime) {
    out.push(leadTime);
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

/**
 * Where git was read and not one lead time could be measured: in which environments, for
 * how many successful deployments in all, why, and what to do about each reason.
 */
function leadTimeRecommendation(
  a: Omit<DeploymentAnalytics, 'recommendations'>,
  details: ReadonlyMap<string, DoraEnvironmentDetail> | undefined
): Recommendation | undefined {
  const environments: string[] = [];
  const reasons = new Map<string, number>();
  let unmeasured = 0;
  for (const env of a.dora.environments) {
    const detail = details?.get(env.environment);
    if (env.leadTime.value !== null || !detail || detail.leadTimeUnavailable.length === 0) {
      continue;
    }
    environments.push(env.environment);
    for (const [reason, n] of detail.leadTimeUnavailable) {
      reasons.set(reason, (reasons.get(reason) ?? 0) + n);
      unmeasured += n;
    }
  }
  if (environments.length === 0) {
    return undefined;
  }
  const byCount = [...reasons].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
  const listed = byCount.slice(0, LISTED_REASONS).map(([reason, n]) => `${n}: ${reason}`);
  const others = byCount.slice(LISTED_REASONS).reduce((sum, [, n]) => sum + n, 0);
  if (others > 0) {
    listed.push(`${others}: other reasons`);
  }
  const advice: string[] = [];
  for (const [reason] of byCount) {
    const fitting = LEAD_TIME_ADVICE.find(([pattern]) => pattern.test(reason))?.[1];
    if (fitting && !advice.includes(fitting)) {
      advice.push(fitting);
    }
  }
  return {
    text:
      `Lead time could not be measured for ${count(unmeasured, 'successful deployment')} in ${environments.join(', ')} (${listed.join('; ')}).` +
      (advice.length > 0 ? ` ${advice.join(' ')}` : ''),
    evidence: { figure: 'dora.leadTime (successful deployments not measured)', value: unmeasured }
  };
}
