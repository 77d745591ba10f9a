import type { DeploymentAnalytics } from './analyticsTypes';

/**
 * The deployments that the contributor and environment lists leave out because their record
 * names no operator or no environment (template copies, records started by hand). The command
 * and the panel show them as a last row, so that each list adds up to the total beside it.
 */
export interface UnnamedDeployments {
  /** Deployments naming no operator, as an operator's row counts them. */
  readonly operator: { readonly deployments: number; readonly finished: number; readonly succeeded: number };
  /** Deployments naming no environment. */
  readonly environment: number;
}

export function unnamedDeployments(analytics: DeploymentAnalytics): UnnamedDeployments {
  const { outcomes } = analytics;
  let deployments = 0;
  let finished = 0;
  let succeeded = 0;
  for (const op of analytics.operators) {
    deployments += op.deployments;
    finished += op.finished;
    succeeded += op.succeeded;
  }
  const placed = analytics.environments.reduce((sum, env) => sum + env.deployments, 0);
  return {
    operator: {
      deployments: analytics.records - deployments,
      finished: outcomes.success + outcomes.failed + outcomes.rolledBack - finished,
      succeeded: outcomes.success - succeeded
    },
    environment: analytics.records - placed
  };
}

/** The operators a list of the first `shown` leaves out, and their deployments summed. */
export interface OtherOperators {
  readonly operators: number;
  readonly deployments: number;
  readonly finished: number;
  readonly succeeded: number;
}

/**
 * The operators after the first `shown` of `analytics.operators`, summed into one row, so that
 * a list of the top operators plus this row and the unnamed one adds up to the total. Undefined
 * when every operator is shown.
 */
export function otherOperators(analytics: DeploymentAnalytics, shown: number): OtherOperators | undefined {
  const rest = analytics.operators.slice(shown);
  if (rest.length === 0) {
    return undefined;
  }
  let deployments = 0;
  let finished = 0;
  let succeeded = 0;
  for (const op of rest) {
    deployments += op.deployments;
    finished += op.finished;
    succeeded += op.succeeded;
  }
  return { operators: rest.length, deployments, finished, succeeded };
}
