import type { ChartModel, DashboardModel, HostMessage, KpiModel, RenderSummary, SavedView, TableModel } from '../protocol';

/**
 * Draws the panel's states into the DOM. Every string from the host is set with
 * `textContent` (or as an option's text): record text is data, and a name such as
 * `<img src=x onerror=alert(1)>` must show as those characters. No `innerHTML` anywhere.
 */

export interface ViewActions {
  openRecord(file: string): void;
  startDeployment(): void;
}

/**
 * Where the reader was, so a redraw can put them back. Elements are matched by a stable key
 * (`data-view-key`: the section's id, plus the row's file for a record link), never by their
 * position, because a new record shifts every row below it.
 */
export interface ViewMemory {
  readonly openDetails: ReadonlySet<string>;
  /** Whether the focus was in the redrawn content (and so is lost with it). */
  readonly focusInside: boolean;
  readonly focusKey?: string;
  /** The key of the section the focus was in, to fall back to when that row is gone. */
  readonly focusSection?: string;
  readonly scrollLefts: ReadonlyMap<string, number>;
  readonly scrollX: number;
  readonly scrollY: number;
  /**
   * The keyed element nearest the top of the viewport and where it was: a row added above the
   * reader (a new contributor) must not push what they were reading down.
   */
  readonly anchor?: { readonly kind: typeof VIEW_KEY | typeof SECTION_KEY; readonly key: string; readonly top: number };
}

const VIEW_KEY = 'viewKey';
const SECTION_KEY = 'sectionKey';

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

/**
 * A run this long with no space, hyphen or slash to break at cannot be a word a reader needs
 * whole (a 120-character name pasted into a record): its cell may break it anywhere, so one
 * such name does not push every other column of its table out of the card. Everything else
 * keeps its words whole (analytics.css: overflow-wrap: break-word).
 */
const UNBREAKABLE = /[^\s\-/]{31,}/u;

function markUnbreakable(cell: HTMLElement, text: string): void {
  if (UNBREAKABLE.test(text)) {
    cell.classList.add('unbreakable');
  }
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

/**
 * A table inside its own horizontal scroller, so a table too wide for its card scrolls there
 * and not the page. `labelId` names the scroller once {@link updateScrollables} makes it a stop.
 */
function scroller(table: HTMLTableElement, key: string, labelId: string): HTMLElement {
  const box = element('div', undefined, 'table-scroll');
  box.dataset[VIEW_KEY] = key;
  box.dataset.labelledby = labelId;
  box.append(table);
  return box;
}

/** The chart's data as a table, for screen readers and for anyone who wants the numbers. */
function renderChartTable(chart: ChartModel): HTMLElement {
  const key = `chart:${chart.id}`;
  const details = element('details', undefined, 'chart-data');
  details.dataset[VIEW_KEY] = `${key}:data`;
  const summary = element('summary', `${chart.title}: data table`);
  summary.dataset[VIEW_KEY] = `${key}:data:summary`;
  summary.id = `chart-data-${chart.id}`;
  details.append(summary);
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
    markUnbreakable(th, label);
    th.scope = 'row';
    row.append(th);
    for (const series of chart.series) {
      row.append(element('td', formatValue(series.values[index] ?? null)));
    }
    tbody.append(row);
  });
  table.append(caption, thead, tbody);
  details.append(scroller(table, `${key}:data:scroll`, summary.id));
  return details;
}

function renderChart(chart: ChartModel, slots: ChartSlot[]): HTMLElement {
  const section = element('section', undefined, `chart chart-${chart.kind}`);
  section.dataset.chart = chart.id;
  section.dataset[SECTION_KEY] = `chart:${chart.id}`;
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
  const key = `table:${model.id}`;
  section.dataset[SECTION_KEY] = key;
  const heading = element('h2', model.title);
  heading.id = `table-title-${model.id}`;
  section.append(heading);
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
    section.classList.add('table-wide');
  }
  // How often each file has been linked so far: a record can head two rows of one table (two alerts).
  const seen = new Map<string, number>();
  for (const row of model.rows) {
    const tr = element('tr');
    row.cells.forEach((cell, index) => {
      const td = element('td');
      markUnbreakable(td, cell);
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
        const occurrence = seen.get(file) ?? 0;
        seen.set(file, occurrence + 1);
        open.dataset[VIEW_KEY] = `${key}:open:${occurrence}:${file}`;
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
  section.append(scroller(table, `${key}:scroll`, heading.id));
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
    details.dataset[VIEW_KEY] = 'skipped';
    details.dataset[SECTION_KEY] = 'skipped';
    const summary = element('summary', model.skipped.length === 1 ? '1 file not read as a record' : `${model.skipped.length} files not read as records`);
    summary.dataset[VIEW_KEY] = 'skipped:summary';
    details.append(summary);
    const list = element('ul');
    for (const skipped of model.skipped) {
      list.append(element('li', `${skipped.file}: ${skipped.reason}`));
    }
    details.append(list);
    root.append(details);
  }
}

/**
 * Replaces the content of `root` with the state the host sent; returns the canvases to draw.
 * With `memory`, the data tables the reader had open are opened before the new content goes
 * in, so the page keeps its height and the reader's place; see {@link restoreView} for the rest.
 */
export function renderState(root: HTMLElement, message: HostMessage, actions: ViewActions, memory?: ViewMemory): ChartSlot[] {
  // Built off-document and swapped in at once, so the page never lays out empty in between.
  const built = element('div');
  const slots: ChartSlot[] = [];
  renderInto(built, message, actions, slots);
  if (memory) {
    for (const details of built.querySelectorAll('details')) {
      details.open = memory.openDetails.has(details.dataset[VIEW_KEY] ?? '');
    }
  }
  root.replaceChildren(...built.childNodes);
  return slots;
}

function renderInto(root: HTMLElement, message: HostMessage, actions: ViewActions, slots: ChartSlot[]): void {
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
        start.dataset[VIEW_KEY] = 'start-deployment';
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
}

function keyed(root: HTMLElement, kind: typeof VIEW_KEY | typeof SECTION_KEY, key: string): HTMLElement | undefined {
  // Compared in script rather than through a selector: a key holds a file name, which may hold anything.
  const attribute = kind === VIEW_KEY ? 'data-view-key' : 'data-section-key';
  for (const candidate of root.querySelectorAll<HTMLElement>(`[${attribute}]`)) {
    if (candidate.dataset[kind] === key) {
      return candidate;
    }
  }
  return undefined;
}

/** A view memory as plain data, kept with `setState` so a page reloaded after being hidden can restore it. */
export function savedViewOf(memory: ViewMemory): SavedView {
  return {
    openDetails: [...memory.openDetails],
    scrollLefts: [...memory.scrollLefts],
    scrollX: memory.scrollX,
    scrollY: memory.scrollY,
    anchor: memory.anchor
  };
}

/** The view memory a reloaded page restores: open tables and scroll positions (the focus went with the old page). */
export function viewMemoryOf(saved: SavedView): ViewMemory {
  return {
    openDetails: new Set(saved.openDetails),
    scrollLefts: new Map(saved.scrollLefts),
    scrollX: saved.scrollX,
    scrollY: saved.scrollY,
    anchor: saved.anchor,
    focusInside: false
  };
}

/** Notes what a redraw of `root` would lose: open data tables, the focused control, scroll positions. */
export function captureView(root: HTMLElement): ViewMemory {
  const openDetails = new Set<string>();
  for (const details of root.querySelectorAll<HTMLDetailsElement>('details[open]')) {
    openDetails.add(details.dataset[VIEW_KEY] ?? '');
  }
  const scrollLefts = new Map<string, number>();
  for (const box of root.querySelectorAll<HTMLElement>('.table-scroll')) {
    if (box.scrollLeft > 0) {
      scrollLefts.set(box.dataset[VIEW_KEY] ?? '', box.scrollLeft);
    }
  }
  const active = document.activeElement;
  const inside = active instanceof HTMLElement && active !== root && root.contains(active);
  let anchor: ViewMemory['anchor'];
  for (const candidate of root.querySelectorAll<HTMLElement>('[data-view-key], [data-section-key]')) {
    const top = candidate.getBoundingClientRect().top;
    if (top >= 0 && (anchor === undefined || top < anchor.top)) {
      const kind = candidate.dataset[SECTION_KEY] !== undefined ? SECTION_KEY : VIEW_KEY;
      anchor = { kind, key: candidate.dataset[kind] ?? '', top };
    }
  }
  return {
    anchor,
    openDetails,
    focusInside: inside,
    focusKey: inside ? active.dataset[VIEW_KEY] : undefined,
    focusSection: inside ? active.closest<HTMLElement>('[data-section-key]')?.dataset[SECTION_KEY] : undefined,
    scrollLefts,
    scrollX: window.scrollX,
    scrollY: window.scrollY
  };
}

/**
 * Puts the reader back after a redraw: scroll positions, and the focus on the same control
 * (the same record's link, not the link now in that row); if that control is gone, on the
 * first control of its section, else on `root` itself rather than letting it drop to <body>.
 */
export function restoreView(root: HTMLElement, memory: ViewMemory): void {
  for (const [key, left] of memory.scrollLefts) {
    const box = keyed(root, VIEW_KEY, key);
    if (box) {
      box.scrollLeft = left;
    }
  }
  if (memory.focusInside && (document.activeElement === document.body || document.activeElement === null)) {
    const section = memory.focusSection ? keyed(root, SECTION_KEY, memory.focusSection) : undefined;
    const target =
      (memory.focusKey ? keyed(root, VIEW_KEY, memory.focusKey) : undefined) ??
      section?.querySelector<HTMLElement>('button, summary, [tabindex="0"]') ??
      root;
    // preventScroll: the scroll position is restored below, exactly where the reader left it.
    target.focus({ preventScroll: true });
  }
  window.scrollTo(memory.scrollX, memory.scrollY);
  const anchor = memory.anchor ? keyed(root, memory.anchor.kind, memory.anchor.key) : undefined;
  // A reader at the very top stays there, whatever grew below the toolbar.
  if (anchor && memory.anchor && memory.scrollY > 0) {
    window.scrollBy(0, anchor.getBoundingClientRect().top - memory.anchor.top);
  }
}

/**
 * Makes each table scroller a keyboard stop, named after its table, only while its table is
 * wider than its card: a tab stop on every table that fits would only slow the reader down.
 */
export function updateScrollables(root: HTMLElement): void {
  for (const box of root.querySelectorAll<HTMLElement>('.table-scroll')) {
    const overflows = box.scrollWidth > box.clientWidth + 1;
    if (overflows && box.tabIndex !== 0) {
      box.tabIndex = 0;
      box.setAttribute('role', 'region');
      box.setAttribute('aria-labelledby', box.dataset.labelledby ?? '');
    } else if (!overflows && box.hasAttribute('tabindex') && document.activeElement !== box) {
      box.removeAttribute('tabindex');
      box.removeAttribute('role');
      box.removeAttribute('aria-labelledby');
    }
  }
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
