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
import { readFilters, type HostMessage, type PageMessage, type PageState, type PanelFilters } from '../protocol';
import { buildChartConfig } from './chartConfig';
import { renderState, summarize, type ChartSlot } from './dashboardView';
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

let filters: PanelFilters = readFilters((vscode.getState() as PageState | undefined)?.filters);
let slots: ChartSlot[] = [];
let charts: Chart[] = [];

function currentPalette(): ThemePalette {
  const style = getComputedStyle(document.body);
  return readPalette((name) => style.getPropertyValue(name));
}

function showFilters(next: PanelFilters, environments: readonly string[]): void {
  filters = next;
  vscode.setState({ filters });
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
  slots = renderState(content, message, {
    openRecord: (file) => vscode.postMessage({ type: 'openRecord', file }),
    startDeployment: () => vscode.postMessage({ type: 'startDeployment' })
  });
  drawCharts();
  const state = message.type === 'dashboard' ? 'dashboard' : message.type;
  // Renders can arrive after the host posted something newer: saying which filters this one
  // drew lets the host (and its tests) tell them apart.
  const drawn = message.type === 'error' ? undefined : message.filters;
  vscode.postMessage({ type: 'rendered', summary: { ...summarize(content, state), filters: drawn } });
}

function sendFilters(): void {
  const next = readFilters({ environment: environmentSelect.value, range: rangeSelect.value });
  filters = next;
  vscode.setState({ filters });
  vscode.postMessage({ type: 'setFilters', filters: next });
}

environmentSelect.addEventListener('change', sendFilters);
rangeSelect.addEventListener('change', sendFilters);
document.getElementById('export-json')?.addEventListener('click', () => vscode.postMessage({ type: 'exportMetrics', format: 'json' }));
document.getElementById('export-csv')?.addEventListener('click', () => vscode.postMessage({ type: 'exportMetrics', format: 'csv' }));

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  render(event.data);
});

// VS Code swaps the theme class on <body>; canvas colours must be re-read then. Only the
// charts are redrawn, so focus and open data tables stay where the user left them.
new MutationObserver(() => drawCharts()).observe(document.body, { attributes: true, attributeFilter: ['class'] });

vscode.setState({ filters });
vscode.postMessage({ type: 'ready' });
