import * as assert from 'assert';
import { buildContentSecurityPolicy, buildPanelHtml } from '../../../src/host/analyticsPanelHtml';
import { readFilters, readPageMessage, readSavedView, readStateFolder } from '../../../src/protocol';
import { buildChartConfig } from '../../../src/webview/chartConfig';
import { readPalette } from '../../../src/webview/themePalette';

const CSP_SOURCE = 'https://example.vscode-cdn.net';

describe('analytics panel security policy', () => {
  it('allows only the nonce script and the extension\'s own styles, never inline code', () => {
    const csp = buildContentSecurityPolicy(CSP_SOURCE, 'abc123');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, new RegExp(`script-src 'nonce-abc123' ${CSP_SOURCE}`));
    assert.match(csp, new RegExp(`style-src ${CSP_SOURCE}(;|$)`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });

  it('loads its one script by nonce and has no inline script or style', () => {
    const html = buildPanelHtml({ cspSource: CSP_SOURCE, nonce: 'n0nce', scriptUri: `${CSP_SOURCE}/analytics.js`, styleUri: `${CSP_SOURCE}/analytics.css` });
    const scripts = html.match(/<script[^>]*>[\s\S]*?<\/script>/g) ?? [];
    assert.deepStrictEqual(scripts, [`<script nonce="n0nce" src="${CSP_SOURCE}/analytics.js"></script>`]);
    assert.doesNotMatch(html, /<style|style="/);
  });
});

describe('analytics panel messages', () => {
  it('accepts the page\'s messages and drops anything malformed', () => {
    assert.deepStrictEqual(readPageMessage({ type: 'openRecord', file: 'a.md' }), { type: 'openRecord', file: 'a.md' });
    assert.deepStrictEqual(readPageMessage({ type: 'exportMetrics', format: 'csv' }), { type: 'exportMetrics', format: 'csv' });
    assert.strictEqual(readPageMessage({ type: 'exportMetrics', format: 'exe' }), undefined);
    assert.strictEqual(readPageMessage({ type: 'openRecord', file: 42 }), undefined);
    assert.strictEqual(readPageMessage({ type: 'runCommand' }), undefined);
    assert.strictEqual(readPageMessage('ready'), undefined);
  });

  it('restores remembered filters and replaces unknown ones with the defaults', () => {
    assert.deepStrictEqual(readFilters({ environment: 'staging', range: '30d' }), { environment: 'staging', range: '30d' });
    assert.deepStrictEqual(readFilters({ environment: 7, range: 'forever' }), { environment: null, range: 'all' });
    assert.deepStrictEqual(readFilters(undefined), { environment: null, range: 'all' });
  });
});

describe('analytics chart colours', () => {
  it('takes series colours from the theme\'s chart variables, with fallbacks when unset', () => {
    const theme: Record<string, string> = { '--vscode-charts-green': ' #00ff00 ', '--vscode-charts-foreground': '#cccccc' };
    const palette = readPalette((name) => theme[name] ?? '');
    assert.strictEqual(palette.roles.success, '#00ff00');
    assert.strictEqual(palette.foreground, '#cccccc');
    assert.ok(palette.roles.failed.length > 0);
  });

  it('draws stacked outcome bars in the palette\'s colours, without animation', () => {
    const palette = readPalette(() => '');
    const config = buildChartConfig(
      { id: 'volume', title: 'Deployments', kind: 'bar', stacked: true, labels: ['2025-W36'], series: [{ label: 'Succeeded', role: 'success', values: [3] }, { label: 'Failed', role: 'failed', values: [1] }] },
      palette
    );
    const datasets = config.data.datasets as { backgroundColor: string }[];
    assert.deepStrictEqual(datasets.map((d) => d.backgroundColor), [palette.roles.success, palette.roles.failed]);
    const options = config.options as { animation: boolean; scales: { y: { stacked: boolean } } };
    assert.strictEqual(options.animation, false);
    assert.strictEqual(options.scales.y.stacked, true);
  });
});

describe('analytics page state', () => {
  it('keeps the workspace folder the panel showed, for the host to check after a reload', () => {
    assert.strictEqual(readStateFolder({ filters: {}, workspaceFolder: 'file:///repos/search' }), 'file:///repos/search');
    for (const state of [undefined, null, {}, { workspaceFolder: 3 }, { workspaceFolder: '' }, 'file:///x']) {
      assert.strictEqual(readStateFolder(state), undefined);
    }
  });

  it('hands the page its workspace folder in the document, escaped', () => {
    const html = buildPanelHtml({ cspSource: CSP_SOURCE, nonce: 'n', scriptUri: 's', styleUri: 't', workspaceFolder: 'file:///a/"b"' });
    assert.match(html, /<body data-workspace-folder="file:\/\/\/a\/&quot;b&quot;">/);
  });
});

describe('analytics page saved view', () => {
  it('keeps open data tables and scroll positions as plain data, and drops what is odd', () => {
    const view = { openDetails: ['volume', 3], scrollLefts: [['recent', 40], ['x', 'y'], 'z'], scrollX: 0, scrollY: 812, anchor: { kind: 'sectionKey', key: 'recent', top: 12 } };
    assert.deepStrictEqual(readSavedView(view), { openDetails: ['volume'], scrollLefts: [['recent', 40]], scrollX: 0, scrollY: 812, anchor: { kind: 'sectionKey', key: 'recent', top: 12 } });
    assert.deepStrictEqual(readSavedView({ scrollY: Number.NaN, anchor: { kind: 'other', key: 'k' } }), { openDetails: [], scrollLefts: [], scrollX: 0, scrollY: 0, anchor: undefined });
    assert.strictEqual(readSavedView(undefined), undefined);
    assert.strictEqual(readSavedView('view'), undefined);
  });
});
