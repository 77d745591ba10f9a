import type { ChartModel, DashboardModel, HostMessage, KpiModel, RenderSummary, TableModel } from '../protocol';

/**
 * Draws the panel's states into the DOM. Every string from the host is set with
 * `textContent` (or as an option's text): record text is data, and a name such as
 * `<img src=x onerror=alert(1)>` must show as those characters. No `innerHTML` anywhere.
 */

export interface ViewActions {
  openRecord(file: string): void;
  startDeployment(): void;
}

/** A canvas waiting for its chart, handed back so the page can draw with Chart.js. */
export interface ChartSlot {
  readonly canvas: HTMLCanvasElement;
  readonly chart: ChartModel;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) {
    node.textContent = text;
  }
  if (className) {
    node.className = className;
  }
  return node;
}

function formatValue(value: number | null, unit?: string): string {
  if (value === null) {
    return '—';
  }
  const rounded = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return unit ? `${rounded} ${unit}` : rounded;
}

function renderKpi(kpi: KpiModel): HTMLElement {
  const card = element('section', undefined, 'kpi');
  card.setAttribute('aria-label', kpi.label);
  card.dataset.kpi = kpi.id;
  card.append(element('h2', kpi.label, 'kpi-label'), element('p', kpi.value, 'kpi-value'));
  if (kpi.detail) {
    card.append(element('p', kpi.detail, 'kpi-detail'));
  }
  if (kpi.band) {
    card.classList.add(`band-${kpi.band}`);
  }
  return card;
}

/** The chart's data as a table, for screen readers and for anyone who wants the numbers. */
function renderChartTable(chart: ChartModel): HTMLElement {
  const details = element('details', undefined, 'chart-data');
  details.append(element('summary', `${chart.title}: data table`));
  const table = element('table');
  const caption = element('caption', chart.title);
  const head = element('tr');
  head.append(element('th', ''));
  for (const series of chart.series) {
    head.append(element('th', chart.unit ? `${series.label} (${chart.unit})` : series.label));
  }
  const thead = element('thead');
  thead.append(head);
  const tbody = element('tbody');
  chart.labels.forEach((label, index) => {
    const row = element('tr');
    const th = element('th', label);
    th.scope = 'row';
    row.append(th);
    for (const series of chart.series) {
      row.append(element('td', formatValue(series.values[index] ?? null)));
    }
    tbody.append(row);
  });
  table.append(caption, thead, tbody);
  details.append(table);
  return details;
}

function renderChart(chart: ChartModel, slots: ChartSlot[]): HTMLElement {
  const section = element('section', undefined, `chart chart-${chart.kind}`);
  section.dataset.chart = chart.id;
  const heading = element('h2', chart.title);
  heading.id = `chart-title-${chart.id}`;
  section.append(heading);
  const hasData = chart.labels.length > 0 && chart.series.some((s) => s.values.some((v) => v !== null && v !== 0));
  if (!hasData) {
    section.append(element('p', chart.emptyText ?? 'No data for this chart.', 'chart-empty'));
    return section;
  }
  const frame = element('div', undefined, 'chart-frame');
  const canvas = element('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-labelledby', heading.id);
  frame.append(canvas);
  section.append(frame, renderChartTable(chart));
  slots.push({ canvas, chart });
  return section;
}

function renderTable(model: TableModel, actions: ViewActions): HTMLElement {
  const section = element('section', undefined, 'table-section');
  section.dataset.table = model.id;
  section.append(element('h2', model.title));
  if (model.rows.length === 0) {
    section.append(element('p', model.emptyText, 'table-empty'));
    return section;
  }
  const table = element('table');
  const head = element('tr');
  for (const column of model.columns) {
    const th = element('th', column);
    th.scope = 'col';
    head.append(th);
  }
  const thead = element('thead');
  thead.append(head);
  const tbody = element('tbody');
  const heatMax = model.heat ? Math.max(0, ...model.rows.flatMap((row) => row.cells.slice(1).map(Number).filter(Number.isFinite))) : 0;
  if (model.heat) {
    table.classList.add('heat');
  }
  for (const row of model.rows) {
    const tr = element('tr');
    row.cells.forEach((cell, index) => {
      const td = element('td');
      if (heatMax > 0 && index > 0) {
        // Four shades of the theme's chart colour by share of the busiest cell; the count stays as text.
        td.classList.add(`heat-${Math.ceil((Number(cell) / heatMax) * 4) || 0}`);
      }
      const file = row.file;
      if (index === 0 && file) {
        // A real button, so the row is reachable and activatable from the keyboard.
        const open = element('button', cell, 'link');
        open.type = 'button';
        open.title = `Open ${file}`;
        open.addEventListener('click', () => actions.openRecord(file));
        td.append(open);
      } else {
        td.textContent = cell;
      }
      tr.append(td);
    });
    tbody.append(tr);
  }
  table.append(thead, tbody);
  section.append(table);
  return section;
}

function renderDashboard(root: HTMLElement, model: DashboardModel, actions: ViewActions, slots: ChartSlot[]): void {
  const kpis = element('div', undefined, 'kpis');
  kpis.append(...model.kpis.map(renderKpi));
  const charts = element('div', undefined, 'charts');
  charts.append(...model.charts.map((chart) => renderChart(chart, slots)));
  const tables = element('div', undefined, 'tables');
  tables.append(...model.tables.map((table) => renderTable(table, actions)));
  root.append(kpis, charts, tables);
  if (model.skipped.length > 0) {
    const details = element('details', undefined, 'skipped');
    details.append(element('summary', `${model.skipped.length} file(s) not read as records`));
    const list = element('ul');
    for (const skipped of model.skipped) {
      list.append(element('li', `${skipped.file}: ${skipped.reason}`));
    }
    details.append(list);
    root.append(details);
  }
}

/** Replaces the content of `root` with the state the host sent; returns the canvases to draw. */
export function renderState(root: HTMLElement, message: HostMessage, actions: ViewActions): ChartSlot[] {
  root.replaceChildren();
  const slots: ChartSlot[] = [];
  switch (message.type) {
    case 'dashboard':
      renderDashboard(root, message.model, actions, slots);
      break;
    case 'empty': {
      const box = element('section', undefined, 'empty-state');
      if (message.filtered) {
        box.append(element('h2', 'No deployments match these filters'), element('p', 'Choose another environment or a longer time range.'));
      } else {
        box.append(element('h2', 'No deployment records yet'), element('p', `Records are read from ${message.folder}. Start one to see analytics here.`));
        const start = element('button', 'Start Deployment', 'primary');
        start.type = 'button';
        start.id = 'start-deployment';
        start.addEventListener('click', () => actions.startDeployment());
        box.append(start);
      }
      root.append(box);
      break;
    }
    case 'error': {
      const box = element('section', undefined, 'error-state');
      box.setAttribute('role', 'alert');
      box.append(element('h2', 'The analytics could not be computed'), element('p', message.message));
      if (message.file) {
        box.append(element('p', `File: ${message.file}`, 'error-file'));
      }
      root.append(box);
      break;
    }
  }
  return slots;
}

const MAX_SUMMARY_TEXTS = 5000;

/** What the page now shows, reported to the host after each render. */
export function summarize(root: HTMLElement, state: RenderSummary['state']): RenderSummary {
  const texts: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node && texts.length < MAX_SUMMARY_TEXTS; node = walker.nextNode()) {
    const text = node.textContent?.trim();
    if (text) {
      texts.push(text);
    }
  }
  return {
    state,
    kpis: root.querySelectorAll('.kpi').length,
    charts: root.querySelectorAll('.chart').length,
    tables: root.querySelectorAll('.table-section').length,
    tableRows: root.querySelectorAll('.table-section tbody tr').length,
    images: document.querySelectorAll('img').length,
    texts
  };
}
