import type { DeploymentAnalytics, DeploymentSummary } from './analyticsTypes';

/**
 * The export files, one format for the panel's Export Metrics and the CLI's `export`: every
 * deployment, oldest first, as JSON (`{ schemaVersion, deployments }`) or CSV. The output is
 * byte-for-byte what `deployment-records export` wrote when it had its own copy, so files
 * from either side can be compared or concatenated. Compute the analytics with
 * `recentLimit: EXPORT_ALL_DEPLOYMENTS` so that `recent` holds every deployment.
 */

export type MetricsExportFormat = 'json' | 'csv';

/** `recentLimit` that keeps every deployment in `recent`, for exports. */
export const EXPORT_ALL_DEPLOYMENTS = Number.MAX_SAFE_INTEGER;

export const CSV_COLUMNS = [
  'file', 'id', 'start', 'operator', 'environment', 'branch', 'commit', 'outcome', 'total_seconds',
  'planning_seconds', 'execution_seconds', 'validation_seconds', 'downtime_seconds', 'health_check',
  'time_to_healthy_seconds', 'issues'
] as const;

/**
 * One CSV cell, quoted when needed (RFC 4180). Text that a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@`, tab or carriage return first) gets a leading `'`: record text is data,
 * in a spreadsheet too.
 */
export function csvCell(value: string | number | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const STANDARD_PHASES: readonly string[] = ['planning', 'execution', 'validation'];

/**
 * Columns for the phases beyond the template's three (`smoke test` → `smoke_test_seconds`),
 * in the order they are first met. They go after the fixed columns, so that a reader that
 * counts columns finds the fixed ones where they always were.
 */
function extraPhaseColumns(rows: readonly DeploymentSummary[]): { readonly phase: string; readonly column: string }[] {
  const taken = new Set<string>(CSV_COLUMNS);
  const extra: { phase: string; column: string }[] = [];
  const seen = new Set<string>(STANDARD_PHASES);
  for (const d of rows) {
    for (const phase of Object.keys(d.phases)) {
      if (seen.has(phase)) {
        continue;
      }
      seen.add(phase);
      const base = `${phase.replace(/[^\p{L}\p{N}]+/gu, '_')}_seconds`;
      let column = base;
      for (let n = 2; taken.has(column); n++) {
        column = `${base}_${n}`;
      }
      taken.add(column);
      extra.push({ phase, column });
    }
  }
  return extra;
}

/** Deployments as CSV, one row each, in the order given. */
export function deploymentsToCsv(rows: readonly DeploymentSummary[]): string {
  const extra = extraPhaseColumns(rows);
  const lines = [[...CSV_COLUMNS, ...extra.map((e) => e.column)].map(csvCell).join(',')];
  for (const d of rows) {
    lines.push(
      [
        d.file, d.id, d.startIso, d.operator, d.environment, d.branch, d.commit, d.outcome, d.totalSeconds,
        d.phases.planning, d.phases.execution, d.phases.validation, d.downtimeSeconds, d.healthCheck,
        d.timeToHealthySeconds, d.issues, ...extra.map((e) => d.phases[e.phase])
      ]
        .map(csvCell)
        .join(',')
    );
  }
  return lines.join('\n') + '\n';
}

/** Every deployment of `analytics` (computed with `EXPORT_ALL_DEPLOYMENTS`) as CSV, oldest first; lines end with `\n`. */
export function metricsToCsv(analytics: DeploymentAnalytics): string {
  return deploymentsToCsv([...analytics.recent].reverse());
}

/** The export file for `analytics` (computed with `EXPORT_ALL_DEPLOYMENTS`): every deployment, oldest first. */
export function serializeMetrics(analytics: DeploymentAnalytics, format: MetricsExportFormat): string {
  if (format === 'csv') {
    return metricsToCsv(analytics);
  }
  return JSON.stringify({ schemaVersion: analytics.schemaVersion, deployments: [...analytics.recent].reverse() }, null, 2) + '\n';
}
