import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AnalyticsPanelApi } from '../../src/host/analyticsPanel';
import { nextRender, panelApi, recordText } from './analyticsPanelDriver';
import { checklistsFolder, until } from './testWorkspace';
import { actOnRendered, canInspectRenderedPage, inspectRendered, takeScreenshot, type InspectedFrame, type RenderedElement } from './runnerBridge';

/*
 * What a reader of the analytics panel and the markdown preview notices: whether the data fits
 * and reads as words, whether a refresh keeps their place, and whether colours are legible in
 * the four built-in theme families. Everything here needs the rendered page, so these tests
 * skip under a host that cannot read it (@vscode/test-electron).
 */

const RENDER_DEADLINE_MS = 30_000;
const POLL_MS = 200;
/** 120 characters without a break opportunity: only this may wrap mid-word or scroll. */
const UNBROKEN_NAME = 'x'.repeat(120);
const THEMES: readonly [name: string, bodyClass: string][] = [
  ['Default Light Modern', 'vscode-light'],
  ['Default Dark Modern', 'vscode-dark'],
  ['Default High Contrast', 'vscode-high-contrast'],
  ['Default High Contrast Light', 'vscode-high-contrast-light']
];

/** The elements matching `selector` in the one frame that has them (the panel or the preview). */
async function inspectOne(selector: string): Promise<{ frame: InspectedFrame; elements: RenderedElement[] }> {
  const frames = (await inspectRendered(selector)) ?? [];
  assert.strictEqual(frames.length, 1, `"${selector}" is rendered in ${frames.length} frames`);
  return { frame: frames[0], elements: frames[0].elements };
}

/** `until` for checks that ask the runner for the rendered page: each is a round trip, so less often and for longer. */
const onPage = { everyMs: POLL_MS, deadlineMs: RENDER_DEADLINE_MS };

type Rgba = [number, number, number, number];

function parseColour(css: string): Rgba {
  const match = /^rgba?\(([^)]+)\)$/.exec(css.trim());
  assert.ok(match, `not a computed colour: ${css}`);
  const parts = match[1].split(/[\s,/]+/).filter(Boolean).map(Number);
  return [parts[0], parts[1], parts[2], parts[3] ?? 1];
}

/** `top` drawn over the opaque `bottom`, as the browser composites a translucent colour. */
function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top[3];
  return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
}

function luminance([r, g, b]: Rgba): number {
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG 2 contrast ratio. */
function contrast(a: Rgba, b: Rgba): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

async function useTheme(name: string, bodyClass: string, selector: string): Promise<void> {
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', name, vscode.ConfigurationTarget.Global);
  // The webview's <body> gets the theme's class once the theme reached it.
  await until(`the ${name} theme to reach the page`, async () => {
    const frames = (await inspectRendered(selector)) ?? [];
    return (frames.length > 0 && frames.every((frame) => frame.document.bodyClass.split(/\s+/).includes(bodyClass))) || undefined;
  }, onPage);
}

suite('Analytics panel and preview, as a reader sees them', function () {
  const written: string[] = [];
  let api: AnalyticsPanelApi;

  suiteSetup(async function () {
    if (!canInspectRenderedPage()) {
      this.skip();
    }
    api = await panelApi();
    fs.mkdirSync(checklistsFolder(), { recursive: true });
    const records: [string, string, string, string, string][] = [
      ['2025-10-01-18-00', 'Dana Whitfield', 'production', '✅ Succeeded', '06'],
      ['2025-10-02-09-00', 'Emil Lindqvist', 'staging', '❌ Failed', '12'],
      ['2025-10-03-18-30', 'Farah Haddad', 'production', '↩️ Rolled Back', '21'],
      ['2025-10-06-23-00', 'Ben Okafor', 'development', '✅ Succeeded', '09'],
      ['2025-10-07-14-00', UNBROKEN_NAME, 'production', '✅ Succeeded', '15']
    ];
    for (const [stamp, operator, environment, status, minutes] of records) {
      const [y, mo, d, h, mi] = stamp.split('-').map(Number);
      const startMs = Date.UTC(y, mo - 1, d, h, mi);
      const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const [start, end] = [iso(startMs), iso(startMs + Number(minutes) * 60_000)];
      writeRecord(`${stamp}-deployment.md`, recordText(`DEP-${stamp}`, start, end, operator, environment, status));
    }
  });

  teardown(() => {
    api?.current?.dispose();
  });

  suiteTeardown(async () => {
    for (const file of written) {
      fs.rmSync(file, { force: true });
    }
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
  });

  function writeRecord(name: string, text: string): string {
    const file = path.join(checklistsFolder(), name);
    fs.writeFileSync(file, text);
    written.push(file);
    return file;
  }

  async function openPanel(): Promise<void> {
    const rendered = nextRender(api, (s) => s.state === 'dashboard' && s.texts.includes('Dana Whitfield'));
    await vscode.commands.executeCommand('deploymentRecords.showAnalytics');
    await rendered;
  }

  test('shows all 24 hours of the weekday × hour grid in its card, words whole, and never scrolls the page sideways', async () => {
    await openPanel();
    const { frame, elements: hours } = await inspectOne('table.heat thead th');
    assert.strictEqual(hours.length, 25, 'the grid has a weekday column and 24 hours');
    const { elements: cards } = await inspectOne('.table-section:has(table.heat)');
    const card = cards[0].rect;
    const hidden = hours.filter((cell) => cell.rect.right > card.right + 0.5 || cell.rect.left < card.left - 0.5).map((cell) => cell.text);
    assert.deepStrictEqual(hidden, [], `hours outside the ${Math.round(card.width)} px card`);
    assert.ok(frame.document.scrollWidth <= frame.document.clientWidth, `the page scrolls sideways: ${frame.document.scrollWidth} px of content in ${frame.document.clientWidth} px`);

    // "production", "Succeeded", "Whitfield": a word of ordinary length is never split over lines.
    const { elements: cells } = await inspectOne('.table-section td, .table-section th');
    const word = /^[\p{L}\p{N}]{1,30}$/u;
    const split = cells.filter((cell) => cell.text.trim().split(/\s+/).some((w) => word.test(w)) && cell.lines > cell.text.trim().split(/\s+/).length).map((cell) => `${cell.text} (${cell.lines} lines)`);
    assert.deepStrictEqual(split, [], 'cells split inside a word');

    // The one name that cannot fit scrolls inside its card, where the keyboard can reach it.
    const { elements: scrollers } = await inspectOne('.table-section[data-table="contributors"] .table-scroll');
    const scroller = scrollers[0];
    if (scroller.scrollWidth > scroller.clientWidth) {
      assert.strictEqual(scroller.tabIndex, 0, 'a table that scrolls sideways cannot be reached with the keyboard');
      assert.ok(scroller.attributes['aria-labelledby'] || scroller.attributes['aria-label'], 'the scrolling region has no name');
    }
    await takeScreenshot('analytics-panel-layout');
  });

  test('a record change keeps open data tables, the focused link and the reading position, and says so briefly', async () => {
    await openPanel();
    const dataTable = '.chart[data-chart="volume"] details.chart-data';
    assert.ok(await actOnRendered('click', `${dataTable} > summary`));
    await until('the data table to open', async () => (await inspectOne(dataTable)).elements[0].open || undefined, onPage);
    const section = '.table-section[data-table="recent"]';
    assert.ok(await actOnRendered('scroll', section));
    const link = `${section} button.link[title="Open 2025-10-02-09-00-deployment.md"]`;
    assert.ok(await actOnRendered('focus', link));
    const before = (await inspectOne(section)).elements[0].rect.top;

    // A newer record: it becomes the first row, so the focused link moves down one row.
    const refreshed = nextRender(api, (s) => s.texts.includes('Gita Rao'));
    writeRecord('2025-10-08-10-00-deployment.md', recordText('DEP-2025-10-08-10-00', '2025-10-08T10:00:00Z', '2025-10-08T10:05:00Z', 'Gita Rao', 'staging', '✅ Succeeded'));
    await refreshed;

    assert.ok((await inspectOne(dataTable)).elements[0].open, 'the data table the reader opened was closed');
    const { frame, elements: links } = await inspectOne(`${section} button.link`);
    assert.deepStrictEqual(links.filter((l) => l.focused).map((l) => l.attributes.title), ['Open 2025-10-02-09-00-deployment.md'], `focus went to <${frame.document.activeElementTag}>`);
    const after = (await inspectOne(section)).elements[0].rect.top;
    assert.ok(Math.abs(after - before) <= 2, `the table the reader was at moved from ${before} px to ${after} px`);

    // One short polite announcement instead of the whole dashboard being live.
    assert.deepStrictEqual((await inspectRendered('#content[aria-live], main[aria-live]')) ?? [], [], 'the whole dashboard is a live region');
    const { elements: status } = await inspectOne('body:has(#content) [role="status"]');
    assert.strictEqual(status[0].text.trim(), 'Analytics updated');
  });

  test('hiding the panel and showing it again keeps open data tables and the reading position', async () => {
    await openPanel();
    const panel = api.current?.webviewPanel;
    assert.ok(panel);
    const dataTable = '.chart[data-chart="volume"] details.chart-data';
    assert.ok(await actOnRendered('click', `${dataTable} > summary`));
    await until('the data table to open', async () => (await inspectOne(dataTable)).elements[0].open || undefined, onPage);
    const section = '.table-section[data-table="recent"]';
    assert.ok(await actOnRendered('scroll', section));
    const before = (await inspectOne(section)).elements[0].rect.top;
    // The page saves the scroll position shortly after the scrolling stops.
    await new Promise((resolve) => setTimeout(resolve, 500));

    // Another editor over the panel in its group hides it; VS Code then throws the page away.
    await vscode.window.showTextDocument(vscode.Uri.file(written[0]), { viewColumn: panel.viewColumn, preview: false });
    await until('the panel to be hidden', () => !panel.visible || undefined);
    const shown = nextRender(api, (s) => s.state === 'dashboard');
    panel.reveal(undefined, false);
    await shown;

    await until('the reloaded page to open the data table', async () => (await inspectOne(dataTable)).elements[0].open || undefined, onPage);
    const after = (await inspectOne(section)).elements[0].rect.top;
    assert.ok(Math.abs(after - before) <= 2, `the table the reader was at moved from ${before} px to ${after} px`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('band values and the grid\'s busiest cell have readable contrast in Light Modern, Dark Modern, High Contrast and High Contrast Light', async () => {
    await openPanel();
    const failures: string[] = [];
    for (const [theme, bodyClass] of THEMES) {
      await useTheme(theme, bodyClass, '.kpi');
      const body = parseColour((await inspectOne('body:has(.kpi)')).elements[0].style.backgroundColor);
      const { elements: cards } = await inspectOne('.kpi[class*="band-"]');
      const { elements: values } = await inspectOne('.kpi[class*="band-"] .kpi-value');
      assert.ok(values.length > 0, 'no DORA card shows a band');
      values.forEach((value, index) => {
        const background = over(parseColour(cards[index].style.backgroundColor), body);
        const ratio = contrast(over(parseColour(value.style.color), background), background);
        if (ratio < 4.5) {
          failures.push(`${theme}: ${cards[index].attributes.class} "${value.text}" ${value.style.color} on ${cards[index].style.backgroundColor}: ${ratio.toFixed(2)}:1`);
        }
      });
      for (const cell of (await inspectOne('table.heat td[class^="heat-"]:not(.heat-0)')).elements) {
        const background = over(parseColour(cell.style.backgroundColor), over(parseColour(cards[0].style.backgroundColor), body));
        const ratio = contrast(over(parseColour(cell.style.color), background), background);
        if (ratio < 4.5) {
          failures.push(`${theme}: grid cell ${cell.attributes.class} "${cell.text}": ${ratio.toFixed(2)}:1`);
        }
      }
      await takeScreenshot(`analytics-panel-${bodyClass}`);
    }
    assert.deepStrictEqual(failures, [], 'text under 4.5:1 against its card');
  });

  test('the markdown preview marks each step status in high-contrast themes at full opacity and 4.5:1', async () => {
    const file = writeRecord('2025-10-09-10-00-deployment.md', recordText('DEP-2025-10-09-10-00', '2025-10-09T10:00:00Z', '2025-10-09T10:05:00Z', 'Hana', 'staging', '🔄 In Progress', [
      '- [x] **Done step**: finished',
      '- [❌] **Failed step**: broke',
      '- [🔄] **Running step**: going',
      '- [⏭️] **Skipped step**: not needed',
      '- [⚠️] **Blocked step**: waiting',
      '- [ ] **Pending step**: later'
    ].join('\n')));
    // A preview left open by another suite would be a second frame with status items.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(file));
    try {
      const failures: string[] = [];
      for (const [theme, bodyClass] of THEMES.filter(([, cls]) => cls.startsWith('vscode-high-contrast'))) {
        await useTheme(theme, bodyClass, 'li[class*="dr-status-"]');
        // The theme can reach another frame first: wait for this record's preview itself.
        const frame = await until('the preview of the record to be rendered', async () =>
          ((await inspectRendered('li[class*="dr-status-"]')) ?? []).find((candidate) => candidate.elements.some((item) => item.text.includes('Pending step'))), onPage);
        const items = frame.elements;
        assert.strictEqual(items.length, 6, 'every status is marked');
        const page = parseColour(bodyClass === 'vscode-high-contrast' ? 'rgb(0, 0, 0)' : 'rgb(255, 255, 255)');
        for (const item of items) {
          const status = item.attributes['data-dr-status'];
          if (item.style.opacity !== '1') {
            failures.push(`${theme} ${status}: opacity ${item.style.opacity}`);
          }
          const background = over(parseColour(item.style.backgroundColor), page);
          const ratio = contrast(over(parseColour(item.style.borderLeftColor), background), background);
          if (ratio < 4.5) {
            failures.push(`${theme} ${status}: bar ${item.style.borderLeftColor} ${ratio.toFixed(2)}:1`);
          }
        }
        assert.ok(frame.document.bodyClass.includes(bodyClass));
        await takeScreenshot(`preview-${bodyClass}`);
      }
      assert.deepStrictEqual(failures, [], 'status marks dimmed or under 4.5:1 in a high-contrast theme');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
