import type { ChartConfiguration, ChartDataset } from 'chart.js';
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
    return {
      type: 'doughnut',
      data: {
        labels: [...chart.labels],
        datasets: [{ label: chart.series[0]?.label ?? chart.title, data: values.map((v) => v ?? 0), backgroundColor: colours, borderColor: palette.grid }]
      },
      options: { animation: false, responsive: true, maintainAspectRatio: false, plugins }
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

function doughnutColour(palette: ThemePalette, index: number): string {
  const order = [palette.roles.primary, palette.roles.success, palette.roles.medium, palette.roles.secondary, palette.roles.failed, palette.roles.low];
  return order[index % order.length];
}
