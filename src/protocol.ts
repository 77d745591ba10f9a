/**
 * The one message protocol between the analytics panel's host (src/host/analyticsPanel.ts)
 * and its page (src/webview/analyticsPage.ts). Both sides import these types, so a message
 * that one side sends and the other does not understand is a compile error, not a silent drop.
 *
 * The host does the analysis and sends a render-ready model: the page only draws. That keeps
 * every figure computed once, in the core, and keeps the page free of analytics rules.
 * Every string in the model is data from records or from the engine: the page renders it as
 * text, never as markup.
 */

/** Time ranges offered by the panel's filter, counted back from now. */
export const TIME_RANGES = ['all', '7d', '30d', '90d', '365d'] as const;
export type TimeRange = (typeof TIME_RANGES)[number];

export interface PanelFilters {
  /** Environment name as written in the records; null for every environment. */
  readonly environment: string | null;
  readonly range: TimeRange;
}

export const DEFAULT_FILTERS: PanelFilters = { environment: null, range: 'all' };

/** What a series means, so the page can pick a theme colour for it. */
export type SeriesRole =
  | 'success'
  | 'failed'
  | 'rolledBack'
  | 'aborted'
  | 'inProgress'
  | 'primary'
  | 'secondary'
  | 'high'
  | 'medium'
  | 'low'
  | 'neutral';

export interface ChartSeries {
  readonly label: string;
  /** One value per label; null where there is no figure (a gap in a line). */
  readonly values: readonly (number | null)[];
  readonly role: SeriesRole;
}

export interface ChartModel {
  /** Stable id, used for the canvas and its data-table alternative. */
  readonly id: string;
  readonly title: string;
  /** `bar` and `line` draw one value per label and series; `doughnut` draws the first series. */
  readonly kind: 'bar' | 'line' | 'doughnut';
  readonly labels: readonly string[];
  readonly series: readonly ChartSeries[];
  readonly stacked?: boolean;
  readonly horizontal?: boolean;
  /** Unit of the values, shown in the table header and axis (e.g. `%`, `s`). */
  readonly unit?: string;
  /** Shown in place of the chart when there is nothing to draw. */
  readonly emptyText?: string;
}

export interface KpiModel {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  /** A second line: the band, the sample size, what the figure is based on. */
  readonly detail?: string;
  /** DORA performance band, when the figure has one. */
  readonly band?: 'elite' | 'high' | 'medium' | 'low';
}

export interface TableRow {
  readonly cells: readonly string[];
  /** Record file (workspace-relative) the row stands for: the page offers to open it. */
  readonly file?: string;
}

export interface TableModel {
  readonly id: string;
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly TableRow[];
  readonly emptyText: string;
  /**
   * A heat grid: numeric cells (every column but the first) are shaded by their share of the
   * largest one, and the numbers stay as text for screen readers.
   */
  readonly heat?: boolean;
}

export interface DashboardModel {
  /** How many records the figures are based on, after filters. */
  readonly records: number;
  readonly kpis: readonly KpiModel[];
  readonly charts: readonly ChartModel[];
  readonly tables: readonly TableModel[];
  /** Every environment seen in the folder, for the filter, whatever the current filter is. */
  readonly environments: readonly string[];
  /** Files that were not read as records, with the reason. */
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
}

/** Messages from the host to the page. */
export type HostMessage =
  | { readonly type: 'dashboard'; readonly model: DashboardModel; readonly filters: PanelFilters }
  | {
      readonly type: 'empty';
      readonly filters: PanelFilters;
      readonly environments: readonly string[];
      /** True when the folder has records but the filters leave none. */
      readonly filtered: boolean;
      readonly folder: string;
    }
  | { readonly type: 'error'; readonly message: string; readonly file?: string };

/** What the page saw after it drew, so tests and the host can check what the user sees. */
export interface RenderSummary {
  readonly state: 'dashboard' | 'empty' | 'error';
  readonly kpis: number;
  readonly charts: number;
  readonly tables: number;
  readonly tableRows: number;
  /** Number of `<img>` elements in the document: record text must never create one. */
  readonly images: number;
  /** The text of the page's main region, one entry per text node, in document order. */
  readonly texts: readonly string[];
  /** The filters of the message this render drew (none for the error state). */
  readonly filters?: PanelFilters;
}

/** Messages from the page to the host. */
export type PageMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'setFilters'; readonly filters: PanelFilters }
  | { readonly type: 'openRecord'; readonly file: string }
  | { readonly type: 'startDeployment' }
  | { readonly type: 'exportMetrics'; readonly format: 'json' | 'csv' }
  | { readonly type: 'rendered'; readonly summary: RenderSummary }
  | { readonly type: 'pageError'; readonly message: string };

/**
 * State the page keeps with `setState`, so a reloaded window restores the filters, and, in a
 * multi-root window, the workspace folder the panel showed (its URI as a string).
 */
export interface PageState {
  readonly filters: PanelFilters;
  readonly workspaceFolder?: string;
  /** Where the reader was: VS Code reloads a hidden page when it is shown again. */
  readonly view?: SavedView;
}

/** The reader's place in the dashboard, as plain data for `setState`: open data tables and scroll positions. */
export interface SavedView {
  readonly openDetails: readonly string[];
  readonly scrollLefts: readonly (readonly [string, number])[];
  readonly scrollX: number;
  readonly scrollY: number;
  readonly anchor?: { readonly kind: 'viewKey' | 'sectionKey'; readonly key: string; readonly top: number };
}

function finite(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Reads a saved view from a restored state; anything odd is left out. */
export function readSavedView(value: unknown): SavedView | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  const openDetails = Array.isArray(value.openDetails) ? value.openDetails.filter((key): key is string => typeof key === 'string') : [];
  const scrollLefts = Array.isArray(value.scrollLefts)
    ? value.scrollLefts.filter((entry): entry is [string, number] => Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number' && Number.isFinite(entry[1]))
    : [];
  const anchor = isObject(value.anchor) && (value.anchor.kind === 'viewKey' || value.anchor.kind === 'sectionKey') && typeof value.anchor.key === 'string'
    ? { kind: value.anchor.kind as 'viewKey' | 'sectionKey', key: value.anchor.key, top: finite(value.anchor.top) }
    : undefined;
  return { openDetails, scrollLefts, scrollX: finite(value.scrollX), scrollY: finite(value.scrollY), anchor };
}

/** The workspace folder URI a restored state names, if it names one (checked again by the host). */
export function readStateFolder(state: unknown): string | undefined {
  const folder = isObject(state) ? state.workspaceFolder : undefined;
  return typeof folder === 'string' && folder !== '' ? folder : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Reads filters from untrusted input (a message or a restored state); anything odd becomes the default. */
export function readFilters(value: unknown): PanelFilters {
  if (!isObject(value)) {
    return DEFAULT_FILTERS;
  }
  const environment = typeof value.environment === 'string' && value.environment !== '' ? value.environment : null;
  const range = (TIME_RANGES as readonly unknown[]).includes(value.range) ? (value.range as TimeRange) : 'all';
  return { environment, range };
}

/**
 * Checks a message from the page before the host acts on it. The page is ours, but a webview
 * is still a browser: the host trusts the shape only after checking it.
 */
export function readPageMessage(value: unknown): PageMessage | undefined {
  if (!isObject(value) || typeof value.type !== 'string') {
    return undefined;
  }
  switch (value.type) {
    case 'ready':
    case 'startDeployment':
      return { type: value.type };
    case 'setFilters':
      return { type: 'setFilters', filters: readFilters(value.filters) };
    case 'openRecord':
      return typeof value.file === 'string' ? { type: 'openRecord', file: value.file } : undefined;
    case 'exportMetrics':
      return value.format === 'json' || value.format === 'csv' ? { type: 'exportMetrics', format: value.format } : undefined;
    case 'rendered':
      return isObject(value.summary) ? { type: 'rendered', summary: value.summary as unknown as RenderSummary } : undefined;
    case 'pageError':
      return { type: 'pageError', message: String(value.message) };
    default:
      return undefined;
  }
}
