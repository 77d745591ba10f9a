import type { DeploymentAnalytics, DeploymentSummary } from './analyticsTypes';

/**
 * Serializers for exported metrics, shared by the panel's Export Metrics command and the
 * CLI's `export`, so both write the same files. For a CSV of every deployment, compute the
 * analytics with `recentLimit: EXPORT_ALL_DEPLOYMENTS` so `recent` holds them all.
 */

export type MetricsExportFormat = 'json' | 'csv';

/** `recentLimit` that keeps every deployment in `recent`, for exports. */
export const EXPORT_ALL_DEPLOYMENTS = Number.MAX_SAFE_INTEGER;

const FIXED_COLUMNS = [
  'file',
  'id',
  'start',
  'environment',
  'operator',
  'outcome',
  'totalSeconds',
  'downtimeSeconds',
  'healthCheck',
  'timeToHealthySeconds',
  'issues',
  'branch',
  'commit'
] as const;

/**
 * One CSV cell. Quotes when needed (RFC 4180), and defuses text that a spreadsheet would run
 * as a formula (`=`, `+`, `-`, `@`, tab, carriage return first): record text is data, in a
 * spreadsheet too.
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) {
    return '';
  }
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function row(summary: DeploymentSummary, phases: readonly string[]): string {
  const fixed = [
    summary.file,
    summary.id,
    summary.startIso,
    summary.environment,
    summary.operator,
    summary.outcome,
    summary.totalSeconds,
    summary.downtimeSeconds,
    summary.healthCheck,
    summary.timeToHealthySeconds,
    summary.issues,
    summary.branch,
    summary.commit
  ];
  return [...fixed, ...phases.map((p) => summary.phases[p])].map(csvCell).join(',');
}

/**
 * One row per deployment in `analytics.recent` (newest first), with a `phase:<name>` column in
 * seconds for every phase any of them measured. Lines end with CRLF, as RFC 4180 asks.
 */
export function metricsToCsv(analytics: DeploymentAnalytics): string {
  const phases = [...new Set(analytics.recent.flatMap((d) => Object.keys(d.phases)))].sort();
  const header = [...FIXED_COLUMNS, ...phases.map((p) => `phase:${p}`)].map(csvCell).join(',');
  return [header, ...analytics.recent.map((d) => row(d, phases))].join('\r\n') + '\r\n';
}

/** The `metrics --json` document, indented for people who open the file. */
export function metricsToJson(analytics: DeploymentAnalytics): string {
  return `${JSON.stringify(analytics, null, 2)}\n`;
}

/** Serializes the figures in the chosen export format. */
export function serializeMetrics(analytics: DeploymentAnalytics, format: MetricsExportFormat): string {
  return format === 'csv' ? metricsToCsv(analytics) : metricsToJson(analytics);
}
