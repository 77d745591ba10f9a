import { Chart, type ChartConfiguration, type ChartDataset, type LegendItem } from 'chart.js';
import type { ChartModel } from '../protocol';
import type { ThemePalette } from './themePalette';

/**
 * Turns one chart of the host's model into a Chart.js configuration in the theme's colours.
 * Pure, so the mapping is unit-tested without a browser. Animation is off: the panel redraws
 * on every save, and motion there is noise (and the `rendered` report must describe what is shown).
 */
export function buildChartConfig(chart: ChartModel, palette: ThemePalette): ChartConfiguration {
  const font = { family: palette.fontFamily };
  const ticks = { color: palette.foreground, font };
  const plugins = {
    legend: { display: chart.series.length > 1 || chart.kind === 'doughnut', labels: { color: palette.foreground, font } },
    tooltip: { enabled: true }
  };
  if (chart.kind === 'doughnut') {
    const values = chart.series[0]?.values ?? [];
    const colours = chart.labels.map((_, index) => doughnutColour(palette, index));
    const legend = {
      ...plugins.legend,
      labels: { ...plugins.legend.labels, boxWidth: LEGEND_BOX, generateLabels: (drawn: Chart) => fittedLegend(drawn, palette.fontFamily) }
    };
    return {
      type: 'doughnut',
      data: {
        labels: [...chart.labels],
        datasets: [{ label: chart.series[0]?.label ?? chart.title, data: values.map((v) => v ?? 0), backgroundColor: colours, borderColor: palette.grid }]
      },
      options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { ...plugins, legend } }
    };
  }
  const datasets: ChartDataset<'bar' | 'line', (number | null)[]>[] = chart.series.map((series) => {
    const colour = palette.roles[series.role];
    return {
      label: series.label,
      data: [...series.values],
      backgroundColor: colour,
      borderColor: colour,
      borderWidth: chart.kind === 'line' ? 2 : 0,
      spanGaps: true,
      pointRadius: chart.kind === 'line' ? 2 : undefined
    };
  });
  const valueAxis = {
    stacked: chart.stacked === true,
    beginAtZero: true,
    // Counts have no unit: whole numbers only, or a single deployment reads as 0.2 steps.
    ticks: chart.unit ? ticks : { ...ticks, precision: 0 },
    grid: { color: palette.grid },
    title: chart.unit ? { display: true, text: chart.unit, color: palette.foreground, font } : undefined
  };
  const categoryAxis = { stacked: chart.stacked === true, ticks, grid: { color: palette.grid } };
  return {
    type: chart.kind,
    data: { labels: [...chart.labels], datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: chart.horizontal ? 'y' : 'x',
      scales: chart.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
      plugins
    }
  } as ChartConfiguration;
}

const LEGEND_BOX = 12;
const LEGEND_PADDING = 10;
const LEGEND_FONT_SIZE = 12;

/**
 * The longest start of `text` that, with an ellipsis, measures at most `maxWidth`. Chart.js
 * draws a legend item on one line, so a long environment name ran off the canvas and was cut
 * at its edge; the tooltip and the data table keep the whole name.
 */
export function fitText(text: string, maxWidth: number, measure: (text: string) => number): string {
  if (measure(text) <= maxWidth) {
    return text;
  }
  const characters = [...text];
  let low = 0;
  let high = characters.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (measure(`${characters.slice(0, middle).join('')}…`) <= maxWidth) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  return `${characters.slice(0, low).join('')}…`;
}

/** The doughnut's default legend items, each label cut to the canvas width. */
function fittedLegend(drawn: Chart, fontFamily: string): LegendItem[] {
  const items: LegendItem[] = Chart.overrides.doughnut.plugins.legend.labels.generateLabels(drawn as Chart<'doughnut'>);
  const context = drawn.ctx;
  context.save();
  context.font = `${LEGEND_FONT_SIZE}px ${fontFamily}`;
  const room = drawn.width - LEGEND_BOX - LEGEND_FONT_SIZE / 2 - 2 * LEGEND_PADDING;
  const fitted = items.map((item) => ({ ...item, text: fitText(String(item.text), room, (text) => context.measureText(text).width) }));
  context.restore();
  return fitted;
}

function doughnutColour(palette: ThemePalette, index: number): string {
  const order = [palette.roles.primary, palette.roles.success, palette.roles.medium, palette.roles.secondary, palette.roles.failed, palette.roles.low];
  return order[index % order.length];
}
