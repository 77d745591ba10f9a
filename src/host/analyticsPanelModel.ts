import type { AnalyticsOptions } from '../core/analytics/computeAnalytics';
import { countedKey } from '../core/analytics/analyticsRow';
import type { DeploymentAnalytics, DeploymentSummary, DoraEnvironment, DoraKey, OperatorFigure, PeriodCount, Recommendation } from '../core/analytics/analyticsTypes';
import { otherOperators, unnamedDeployments } from '../core/analytics/unnamedDeployments';
import type { Outcome } from '../core/record/recordTypes';
import { formatDuration as formatRecordedDuration, formatSpan, formatWallMinute } from '../core/record/recordTime';
import type { ChartModel, ChartSeries, DashboardModel, HostMessage, KpiModel, PanelFilters, TableModel, TimeRange } from '../protocol';

/**
 * Turns the engine's figures into what the panel draws. No `vscode` import: the mapping is
 * unit-tested in plain Node. Every figure comes from the engine; this only chooses labels,
 * units and which rows to show.
 */

const OUTCOME_SERIES: readonly { readonly outcome: Outcome; readonly label: string }[] = [
  { outcome: 'success', label: 'Succeeded' },
  { outcome: 'failed', label: 'Failed' },
  { outcome: 'rolledBack', label: 'Rolled back' },
  { outcome: 'aborted', label: 'Aborted' },
  { outcome: 'inProgress', label: 'In progress' }
];

const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  success: 'Succeeded',
  failed: 'Failed',
  rolledBack: 'Rolled back',
  aborted: 'Aborted',
  inProgress: 'In progress'
};

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** More weeks than this and the volume chart switches to months, to stay readable. */
const MAX_WEEKS_SHOWN = 26;
const RECENT_ROWS = 20;
const SLOWEST_ROWS = 10;
const CONTRIBUTOR_ROWS = 10;
/** A threshold that most deployments cross would otherwise post thousands of rows on every save. */
const ALERT_ROWS = 25;

const RANGE_DAYS: Readonly<Record<Exclude<TimeRange, 'all'>, number>> = { '7d': 7, '30d': 30, '90d': 90, '365d': 365 };

/** The `since` date (YYYY-MM-DD) a time range stands for, counted back from `now`; undefined for all time. */
export function sinceForRange(range: TimeRange, now: Date): string | undefined {
  if (range === 'all') {
    return undefined;
  }
  const since = new Date(now.getTime() - RANGE_DAYS[range] * 24 * 60 * 60 * 1000);
  return since.toISOString().slice(0, 10);
}

/**
 * A duration as the command line, the alerts and the records write it (`45s`, `2m 05s`,
 * `1h 05m 12s`), so that the panel never shows one duration two ways; `—` when there is none.
 */
export function formatDuration(seconds: number | null | undefined): string {
  return seconds === null || seconds === undefined || !Number.isFinite(seconds) ? '—' : formatRecordedDuration(seconds);
}

export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10} %`;
}

function formatDoraValue(key: DoraKey): string {
  if (key.value === null) {
    return '—';
  }
  switch (key.unit) {
    case 'deploymentsPerWeek':
      return `${Math.round(key.value * 10) / 10} / week`;
    case 'ratio':
      return formatRate(key.value);
    case 'seconds':
      // Lead and recovery times run to days, where the bands are drawn.
      return formatSpan(key.value);
  }
}

function doraKpi(id: string, label: string, key: DoraKey, environment: string): KpiModel {
  const parts = [environment];
  if (key.band) {
    parts.push(`${key.band} performer`);
  }
  if (key.note) {
    parts.push(key.note);
  }
  return { id, label, value: formatDoraValue(key), detail: parts.join(' · '), band: key.band ?? undefined };
}

/**
 * The environment whose DORA keys the cards show: the filtered one, else the busiest. Names are
 * compared as the engine merges them (`countedKey`): the filter may hold another spelling of the
 * name DORA shows (`production east` for `Production  East`), as the filter itself matches it.
 */
function doraFocus(analytics: DeploymentAnalytics, filters: PanelFilters): DoraEnvironment | undefined {
  const environments = analytics.dora.environments;
  if (filters.environment !== null) {
    const wanted = countedKey(filters.environment);
    return environments.find((e) => countedKey(e.environment) === wanted);
  }
  const busiest = [...analytics.environments].sort((a, b) => b.deployments - a.deployments)[0];
  const wanted = busiest === undefined ? undefined : countedKey(busiest.name);
  return environments.find((e) => countedKey(e.environment) === wanted) ?? environments[0];
}

function buildKpis(analytics: DeploymentAnalytics, filters: PanelFilters, now: Date): KpiModel[] {
  const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  const thisMonth = analytics.perMonth.find((p) => p.period === month)?.total ?? 0;
  const finished = analytics.outcomes.success + analytics.outcomes.failed + analytics.outcomes.rolledBack;
  const total = analytics.durations.total;
  const kpis: KpiModel[] = [
    { id: 'total', label: 'Total deployments', value: String(analytics.records), detail: `${analytics.outcomes.inProgress} in progress` },
    { id: 'successRate', label: 'Success rate', value: formatRate(analytics.successRate), detail: `of ${finished} finished` },
    { id: 'medianDuration', label: 'Median duration', value: formatDuration(total?.median), detail: total ? `${total.count} timed` : 'no record has start and end' },
    { id: 'p90Duration', label: 'p90 duration', value: formatDuration(total?.p90), detail: total ? `max ${formatDuration(total.max)}` : undefined },
    { id: 'thisMonth', label: 'Deployments this month', value: String(thisMonth), detail: month }
  ];
  const dora = doraFocus(analytics, filters);
  if (dora) {
    kpis.push(
      doraKpi('doraFrequency', 'Deployment frequency', dora.deploymentFrequency, dora.environment),
      doraKpi('doraLeadTime', 'Lead time for changes', dora.leadTime, dora.environment),
      doraKpi('doraChangeFailure', 'Change failure rate', dora.changeFailureRate, dora.environment),
      doraKpi('doraRecovery', 'Failed deployment recovery time', dora.recoveryTime, dora.environment)
    );
  }
  return kpis;
}

function outcomeSeries(periods: readonly PeriodCount[]): ChartSeries[] {
  return OUTCOME_SERIES.map(({ outcome, label }) => ({ label, role: outcome, values: periods.map((p) => p[outcome]) }));
}

/** Seconds or minutes, whichever keeps the axis readable. */
function durationUnit(maxSeconds: number): { unit: string; divisor: number } {
  return maxSeconds >= 600 ? { unit: 'min', divisor: 60 } : { unit: 's', divisor: 1 };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function buildCharts(analytics: DeploymentAnalytics): ChartModel[] {
  const byWeek = analytics.perWeek.length <= MAX_WEEKS_SHOWN;
  const periods = byWeek ? analytics.perWeek : analytics.perMonth;
  const phaseNames = Object.keys(analytics.durations.phases);
  const phaseStats = phaseNames.map((name) => analytics.durations.phases[name]);
  const { unit, divisor } = durationUnit(Math.max(0, ...phaseStats.map((s) => s.p90)));
  const impact = analytics.issues.byImpact;
  return [
    {
      id: 'volume',
      title: byWeek ? 'Deployments per week, by outcome' : 'Deployments per month, by outcome',
      kind: 'bar',
      stacked: true,
      labels: periods.map((p) => p.period),
      series: outcomeSeries(periods)
    },
    {
      id: 'successTrend',
      title: `Success rate, rolling ${analytics.trends.windowWeeks} weeks`,
      kind: 'line',
      unit: '%',
      labels: analytics.trends.points.map((p) => p.period),
      series: [
        {
          label: 'Success rate',
          role: 'success',
          values: analytics.trends.points.map((p) => (p.rollingSuccessRate === null ? null : round1(p.rollingSuccessRate * 100)))
        }
      ],
      emptyText: 'No finished deployments to compute a trend from.'
    },
    {
      id: 'phaseDurations',
      title: 'Phase durations',
      kind: 'bar',
      unit,
      labels: phaseNames.map((name) => name.charAt(0).toUpperCase() + name.slice(1)),
      series: [
        { label: 'Median', role: 'primary', values: phaseStats.map((s) => round1(s.median / divisor)) },
        { label: 'p90', role: 'secondary', values: phaseStats.map((s) => round1(s.p90 / divisor)) }
      ],
      emptyText: 'No phase has both a start and an end recorded.'
    },
    {
      id: 'byHour',
      title: 'When people deploy: hour of day',
      kind: 'bar',
      labels: analytics.byHour.map((_, hour) => `${String(hour).padStart(2, '0')}:00`),
      series: [{ label: 'Deployments', role: 'primary', values: [...analytics.byHour] }]
    },
    {
      id: 'byWeekday',
      title: 'When people deploy: weekday',
      kind: 'bar',
      labels: WEEKDAYS,
      series: [{ label: 'Deployments', role: 'primary', values: [...analytics.byWeekday] }]
    },
    {
      id: 'environments',
      title: 'Environment distribution',
      kind: 'doughnut',
      // With a slice for the deployments that name none, the shares are of all deployments, as the command's are.
      ...withUnnamed(
        analytics.environments.map((e) => e.name),
        analytics.environments.map((e) => e.deployments),
        analytics.environments.length > 0 ? unnamedDeployments(analytics).environment : 0
      ),
      emptyText: 'No record names its environment.'
    },
    {
      id: 'issuesByPhase',
      title: 'Issues by phase',
      kind: 'bar',
      horizontal: true,
      labels: analytics.issues.byPhase.map((p) => p.name),
      series: [{ label: 'Issues', role: 'failed', values: analytics.issues.byPhase.map((p) => p.count) }],
      emptyText: 'No issues logged.'
    },
    {
      id: 'issuesByImpact',
      title: 'Issues by impact',
      kind: 'bar',
      labels: ['High', 'Medium', 'Low', 'Not stated'],
      series: [{ label: 'Issues', role: 'high', values: [impact.High, impact.Medium, impact.Low, impact.unknown] }],
      emptyText: 'No issues logged.'
    }
  ];
}

function withUnnamed(labels: string[], values: number[], unnamed: number): Pick<ChartModel, 'labels' | 'series'> {
  if (unnamed > 0) {
    labels.push('(none recorded)');
    values.push(unnamed);
  }
  return { labels, series: [{ label: 'Deployments', role: 'primary', values }] };
}

function deploymentName(summary: DeploymentSummary): string {
  return summary.id ?? summary.file;
}

/** The row after the top operators that sums the rest, so the table adds up to the total, as the command shows it. */
function otherOperatorsRow(analytics: DeploymentAnalytics): OperatorFigure[] {
  const others = otherOperators(analytics, CONTRIBUTOR_ROWS);
  return others ? [{ name: `(${others.operators} ${others.operators === 1 ? 'other' : 'others'})`, deployments: others.deployments, finished: others.finished, succeeded: others.succeeded }] : [];
}

/** The contributors table's last row: the deployments whose record names no operator, as the command shows them. */
function unnamedOperatorRow(analytics: DeploymentAnalytics): OperatorFigure[] {
  const unnamed = unnamedDeployments(analytics).operator;
  return analytics.operators.length > 0 && unnamed.deployments > 0 ? [{ name: '(no operator recorded)', ...unnamed }] : [];
}

function buildTables(analytics: DeploymentAnalytics): TableModel[] {
  return [
    {
      id: 'contributors',
      title: 'Top contributors',
      columns: ['Operator', 'Deployments', 'Finished', 'Succeeded', 'Success rate'],
      // The headline's rule, per operator: in-progress and aborted deployments have no outcome to rate yet.
      rows: [...analytics.operators.slice(0, CONTRIBUTOR_ROWS), ...otherOperatorsRow(analytics), ...unnamedOperatorRow(analytics)].map((o) => ({
        cells: [o.name, String(o.deployments), String(o.finished), String(o.succeeded), formatRate(o.finished === 0 ? null : o.succeeded / o.finished)]
      })),
      emptyText: 'No record names its operator.'
    },
    {
      id: 'recent',
      title: 'Recent deployments',
      columns: ['Deployment', 'Started', 'Environment', 'Operator', 'Outcome', 'Duration'],
      rows: analytics.recent.slice(0, RECENT_ROWS).map((d) => ({
        file: d.file,
        // Records write their times in several formats; the list shows one, as the command line does.
        cells: [deploymentName(d), formatWallMinute(d.startIso), d.environment ?? '—', d.operator ?? '—', OUTCOME_LABELS[d.outcome], formatDuration(d.totalSeconds)]
      })),
      emptyText: 'No deployments.'
    },
    {
      id: 'slowest',
      title: 'Slowest deployments',
      columns: ['Deployment', 'Duration', 'Environment', 'Operator'],
      rows: analytics.slowest.slice(0, SLOWEST_ROWS).map((d) => ({
        file: d.file,
        cells: [deploymentName(d), formatDuration(d.totalSeconds), d.environment ?? '—', d.operator ?? '—']
      })),
      emptyText: 'No deployment has both a start and an end time.'
    },
    {
      id: 'whenGrid',
      title: 'When people deploy: weekday × hour of day',
      columns: ['Weekday', ...Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, '0'))],
      rows: analytics.byWeekdayHour.map((hours, day) => ({ cells: [WEEKDAYS[day], ...hours.map(String)] })),
      emptyText: 'No deployments.',
      heat: true
    },
    {
      id: 'dora',
      title: `DORA four keys (bands: ${analytics.dora.bandsSource})`,
      columns: ['Environment', 'Deployment frequency', 'Lead time', 'Change failure rate', 'Recovery time'],
      rows: analytics.dora.environments.map((e) => ({
        cells: [
          e.environment,
          withBand(e.deploymentFrequency),
          withBand(e.leadTime),
          withBand(e.changeFailureRate),
          withBand(e.recoveryTime)
        ]
      })),
      emptyText: 'No environment to measure.'
    },
    {
      id: 'alerts',
      title: analytics.alerts.length > ALERT_ROWS ? `Alerts (latest ${ALERT_ROWS} of ${analytics.alerts.length})` : 'Alerts',
      columns: ['Deployment', 'Alert'],
      rows: analytics.alerts.slice(-ALERT_ROWS).reverse().map((a) => ({ file: a.file, cells: [a.id ?? a.file, a.message] })),
      emptyText: 'No alerts at the current thresholds.'
    },
    {
      id: 'recommendations',
      title: 'Recommendations',
      columns: ['Recommendation', 'Evidence'],
      rows: analytics.recommendations.map((r) => ({ cells: [r.text, formatEvidence(r.evidence)] })),
      emptyText: 'Nothing to recommend from these figures.'
    }
  ];
}

type EvidenceUnit = 'ratio' | 'seconds' | 'perWeek' | 'count';

/**
 * What an evidence figure measures, judged by its name: the engine names it by its path in the
 * figures (`successRate`, `durations.total.p90`, `dora.<environment>.recoveryTime`), and adds a
 * note in parentheses when the value counts deployments or files about that figure
 * (`dora.leadTime (successful deployments not measured)`, `skipped (markdown files)`).
 */
function evidenceUnit(figure: string): EvidenceUnit {
  if (figure.trimEnd().endsWith(')')) {
    return 'count';
  }
  const name = figure.slice(figure.lastIndexOf('.') + 1);
  if (/rate$/i.test(name)) {
    return 'ratio';
  }
  if (name === 'deploymentFrequency') {
    return 'perWeek';
  }
  if (name !== 'count' && (figure.startsWith('durations.') || name === 'leadTime' || name === 'recoveryTime' || name.endsWith('Seconds'))) {
    return 'seconds';
  }
  return 'count';
}

function formatEvidenceValue(value: number, unit: EvidenceUnit): string {
  switch (unit) {
    case 'ratio':
      return formatRate(value);
    case 'seconds':
      return formatSpan(value);
    case 'perWeek':
      return `${round1(value)} / week`;
    case 'count':
      // Counts are whole; a figure this does not know keeps its decimal rather than lose it.
      return String(Number.isInteger(value) ? value : round1(value));
  }
}

/**
 * The figure behind a recommendation, in the unit the rest of the panel shows it in
 * (`successRate = 84.7 % (threshold 90 %)`, `dora.production.recoveryTime = 1d 02h 25m`): the
 * JSON's ratios and seconds are for scripts, and `0.8` for 84.7 % misleads a reader.
 */
function formatEvidence(evidence: Recommendation['evidence']): string {
  const unit = evidenceUnit(evidence.figure);
  const threshold = evidence.threshold === undefined ? '' : ` (threshold ${formatEvidenceValue(evidence.threshold, unit)})`;
  return `${evidence.figure} = ${formatEvidenceValue(evidence.value, unit)}${threshold}`;
}

function withBand(key: DoraKey): string {
  const value = formatDoraValue(key);
  if (key.band) {
    return `${value} (${key.band})`;
  }
  return key.note ? `${value} (${key.note})` : value;
}

/**
 * The dashboard for one analysis. `environments` lists every environment in the folder, so the
 * filter keeps offering them while one is selected.
 */
export function buildDashboardModel(
  analytics: DeploymentAnalytics,
  filters: PanelFilters,
  environments: readonly string[],
  now: Date = new Date()
): DashboardModel {
  return {
    records: analytics.records,
    kpis: buildKpis(analytics, filters, now),
    charts: buildCharts(analytics),
    tables: buildTables(analytics),
    environments,
    skipped: analytics.skipped
  };
}

/** Runs the engine over the checklists folder with the given options (the scanner's cache makes repeats cheap). */
export type AnalyzeFolder = (
  options: Pick<AnalyticsOptions, 'environment' | 'since' | 'now' | 'recentLimit' | 'slowestLimit'>
) => Promise<DeploymentAnalytics>;

/** What the panel needs besides the figures: whether the folder has records at all, and every environment for the filter. */
export interface FolderOverview {
  readonly records: number;
  readonly environments: readonly string[];
}

export interface PanelSource {
  readonly analyze: AnalyzeFolder;
  /** Read from the same scan as the last `analyze`, so filtering costs one computation, not two. */
  overview(): FolderOverview;
}

/**
 * Everything the host does for one refresh, minus the posting: analyse, apply the filters,
 * build the model. Kept here, free of `vscode`, so the benchmark measures exactly this.
 */
export async function buildPanelMessage(source: PanelSource, filters: PanelFilters, folderLabel: string, now: Date = new Date()): Promise<HostMessage> {
  const since = sinceForRange(filters.range, now);
  const analytics = await source.analyze({ environment: filters.environment ?? undefined, since, now: now.getTime() });
  const unfiltered = filters.environment === null && since === undefined;
  const overview = unfiltered ? { records: analytics.records, environments: analytics.environments.map((e) => e.name) } : source.overview();
  if (analytics.records === 0) {
    return { type: 'empty', filters, environments: overview.environments, filtered: overview.records > 0, folder: folderLabel };
  }
  return { type: 'dashboard', filters, model: buildDashboardModel(analytics, filters, overview.environments, now) };
}
