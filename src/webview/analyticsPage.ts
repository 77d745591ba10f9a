import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip
} from 'chart.js';
import { readFilters, readSavedView, type HostMessage, type PageMessage, type PageState, type PanelFilters, type SavedView } from '../protocol';
import { buildChartConfig } from './chartConfig';
import { captureView, renderState, restoreView, savedViewOf, summarize, updateScrollables, viewMemoryOf, type ChartSlot } from './dashboardView';
import { readPalette, type ThemePalette } from './themePalette';

/**
 * The analytics panel's page: draws what the host sends, reports back what it drew, and
 * forwards the user's choices. It has no analytics of its own and no `vscode` import.
 */

interface VsCodeApi {
  postMessage(message: PageMessage): void;
  getState(): unknown;
  setState(state: PageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

Chart.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip
);

const vscode = acquireVsCodeApi();
const content = document.getElementById('content') as HTMLElement;
const environmentSelect = document.getElementById('filter-environment') as HTMLSelectElement;
const rangeSelect = document.getElementById('filter-range') as HTMLSelectElement;
const announcer = document.getElementById('announcer') as HTMLElement | null;

const savedState = vscode.getState() as PageState | undefined;
let filters: PanelFilters = readFilters(savedState?.filters);
/** The panel's workspace folder, saved with the filters so a reloaded window shows the same one. */
const workspaceFolder = document.body.dataset.workspaceFolder || undefined;
/**
 * The reader's place (open data tables, scroll positions), saved as it changes: VS Code throws
 * the page away when the panel is hidden and loads it again when it is shown.
 */
let view: SavedView | undefined = readSavedView(savedState?.view);

function saveState(): void {
  vscode.setState({ filters, workspaceFolder, view });
}

function rememberView(): void {
  if (renders > 0) {
    view = savedViewOf(captureView(content));
    saveState();
  }
}
let slots: ChartSlot[] = [];
let charts: Chart[] = [];
let renders = 0;

function currentPalette(): ThemePalette {
  const style = getComputedStyle(document.body);
  return readPalette((name) => style.getPropertyValue(name));
}

function showFilters(next: PanelFilters, environments: readonly string[]): void {
  filters = next;
  saveState();
  const names = [...environments];
  if (next.environment !== null && !names.includes(next.environment)) {
    names.push(next.environment);
  }
  const options = [new Option('All environments', '')];
  for (const name of names) {
    options.push(new Option(name, name)); // Option(text, value) sets text, never markup.
  }
  environmentSelect.replaceChildren(...options);
  environmentSelect.value = next.environment ?? '';
  // The select is capped in width (a long name ends in an ellipsis); the title shows it whole.
  environmentSelect.title = next.environment ?? 'All environments';
  rangeSelect.value = next.range;
}

/** (Re)draws every chart in the current theme's colours. */
function drawCharts(): void {
  for (const chart of charts) {
    chart.destroy();
  }
  charts = [];
  const palette = currentPalette();
  for (const slot of slots) {
    try {
      charts.push(new Chart(slot.canvas, buildChartConfig(slot.chart, palette)));
    } catch (error) {
      // One chart failing must not blank the rest of the dashboard; its data table remains.
      vscode.postMessage({ type: 'pageError', message: `chart ${slot.chart.id}: ${String(error)}` });
    }
  }
}

function render(message: HostMessage): void {
  if (message.type === 'dashboard') {
    showFilters(message.filters, message.model.environments);
  } else if (message.type === 'empty') {
    showFilters(message.filters, message.environments);
  }
  for (const chart of charts) {
    chart.destroy();
  }
  charts = [];
  // A refresh (a record saved, lead times arriving) must not cost the reader their place.
  // The first drawing of a reloaded page puts the reader back where the hidden page had them.
  const memory = renders === 0 && view ? viewMemoryOf(view) : captureView(content);
  slots = renderState(
    content,
    message,
    {
      openRecord: (file) => vscode.postMessage({ type: 'openRecord', file }),
      startDeployment: () => vscode.postMessage({ type: 'startDeployment' })
    },
    memory
  );
  drawCharts();
  updateScrollables(content);
  restoreView(content, memory);
  if (renders++ > 0) {
    announce(message);
  }
  rememberView();
  const state = message.type === 'dashboard' ? 'dashboard' : message.type;
  // Renders can arrive after the host posted something newer: saying which filters this one
  // drew lets the host (and its tests) tell them apart.
  const drawn = message.type === 'error' ? undefined : message.filters;
  vscode.postMessage({ type: 'rendered', summary: { ...summarize(content, state), filters: drawn } });
}

/**
 * Says briefly that the figures changed. Only this small region is live: a live <main> made
 * screen readers read the whole rebuilt dashboard again on every save. Errors are announced by
 * their own role="alert" box.
 */
function announce(message: HostMessage): void {
  if (!announcer || message.type === 'error') {
    return;
  }
  const text = message.type === 'dashboard' ? 'Analytics updated' : message.filtered ? 'No deployments match these filters' : 'No deployment records yet';
  // The same words again are no change to a live region; a trailing no-break space toggles so
  // every refresh is announced.
  announcer.textContent = announcer.textContent === text ? `${text}\u00a0` : text;
}

function sendFilters(): void {
  const next = readFilters({ environment: environmentSelect.value, range: rangeSelect.value });
  filters = next;
  saveState();
  vscode.postMessage({ type: 'setFilters', filters: next });
}

environmentSelect.addEventListener('change', sendFilters);
rangeSelect.addEventListener('change', sendFilters);
document.getElementById('export-json')?.addEventListener('click', () => vscode.postMessage({ type: 'exportMetrics', format: 'json' }));
document.getElementById('export-csv')?.addEventListener('click', () => vscode.postMessage({ type: 'exportMetrics', format: 'csv' }));

// Opening or closing a data table and scrolling change the reader's place; keep it in the state.
let scrollTimer: ReturnType<typeof setTimeout> | undefined;
const rememberSoon = () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(rememberView, 150);
};
content.addEventListener('toggle', rememberView, true);
content.addEventListener('scroll', rememberSoon, true);
window.addEventListener('scroll', rememberSoon);

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  render(event.data);
});

// VS Code swaps the theme class on <body>; canvas colours must be re-read then. Only the
// charts are redrawn, so focus and open data tables stay where the user left them.
new MutationObserver(() => drawCharts()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
// A table that fits at one panel width may need its scroller (and a keyboard stop) at another.
new ResizeObserver(() => updateScrollables(content)).observe(content);

saveState();
vscode.postMessage({ type: 'ready' });
