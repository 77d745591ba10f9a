import * as assert from 'assert';
import { fitText } from '../../../src/webview/chartConfig';
import { contrastRatio, parseColour, readPalette, type Rgba } from '../../../src/webview/themePalette';
import type { SeriesRole } from '../../../src/protocol';

/**
 * The chart variables of VS Code 1.139's built-in themes, as the analytics page read them with
 * getComputedStyle (an empty string: the theme leaves the variable unset). The card background
 * is --vscode-sideBar-background.
 */
const THEMES: Record<string, Record<string, string>> = {
  'Light Modern': {
    '--vscode-charts-red': '#e51400', '--vscode-charts-blue': '#0063d3', '--vscode-charts-yellow': '#bf8803',
    '--vscode-charts-orange': 'rgba(234, 92, 0, 0.33)', '--vscode-charts-green': '#388a34', '--vscode-charts-purple': '#652d90',
    '--vscode-charts-foreground': '#3b3b3b', '--vscode-sideBar-background': '#f8f8f8', '--vscode-editor-background': '#ffffff'
  },
  'Dark Modern': {
    '--vscode-charts-red': '#f14c4c', '--vscode-charts-blue': '#59a4f9', '--vscode-charts-yellow': '#cca700',
    '--vscode-charts-orange': 'rgba(234, 92, 0, 0.33)', '--vscode-charts-green': '#89d185', '--vscode-charts-purple': '#b180d7',
    '--vscode-charts-foreground': '#cccccc', '--vscode-sideBar-background': '#181818', '--vscode-editor-background': '#1f1f1f'
  },
  'High Contrast': {
    '--vscode-charts-red': '#f48771', '--vscode-charts-blue': '#59a4f9', '--vscode-charts-yellow': '#ffd370',
    '--vscode-charts-orange': '', '--vscode-charts-green': '#89d185', '--vscode-charts-purple': '#b180d7',
    '--vscode-charts-foreground': '#ffffff', '--vscode-sideBar-background': '#000000', '--vscode-editor-background': '#000000'
  },
  'High Contrast Light': {
    '--vscode-charts-red': '#b5200d', '--vscode-charts-blue': '#0063d3', '--vscode-charts-yellow': '#895503',
    '--vscode-charts-orange': '', '--vscode-charts-green': '#374e06', '--vscode-charts-purple': '#652d90',
    '--vscode-charts-foreground': '#292929', '--vscode-sideBar-background': '#ffffff', '--vscode-editor-background': '#ffffff'
  }
};

const OUTCOMES: readonly SeriesRole[] = ['success', 'failed', 'rolledBack', 'aborted', 'inProgress'];

/** Hue in degrees of an opaque colour. */
function hue([r, g, b]: Rgba): number {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max === min) {
    return 0;
  }
  const d = max - min;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

function hueDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return Math.min(d, 360 - d);
}

describe('analytics chart colours in the built-in themes', () => {
  for (const [theme, variables] of Object.entries(THEMES)) {
    const palette = readPalette((name) => variables[name] ?? '');
    const card = parseColour(variables['--vscode-sideBar-background']) as Rgba;

    it(`draws every outcome opaque and at least 3:1 against the card in ${theme}`, () => {
      for (const role of OUTCOMES) {
        const colour = parseColour(palette.roles[role]);
        assert.ok(colour, `${role} is not a colour: ${palette.roles[role]}`);
        assert.strictEqual(colour[3], 1, `${role} is translucent in ${theme}: ${palette.roles[role]}`);
        const ratio = contrastRatio(colour, card);
        assert.ok(ratio >= 3, `${role} ${palette.roles[role]} is ${ratio.toFixed(2)}:1 on ${theme}'s card`);
      }
    });

    it(`gives the five outcomes five distinct hues in ${theme}`, () => {
      const close: string[] = [];
      OUTCOMES.forEach((a, i) => {
        for (const b of OUTCOMES.slice(i + 1)) {
          const distance = hueDistance(hue(parseColour(palette.roles[a]) as Rgba), hue(parseColour(palette.roles[b]) as Rgba));
          if (distance < 15) {
            close.push(`${a} ${palette.roles[a]} and ${b} ${palette.roles[b]}: ${distance.toFixed(0)}°`);
          }
        }
      });
      assert.deepStrictEqual(close, []);
    });
  }

  it('keeps a theme colour that is already opaque and readable as it is', () => {
    const palette = readPalette((name) => THEMES['Dark Modern'][name] ?? '');
    assert.strictEqual(palette.roles.success, '#89d185');
    assert.strictEqual(palette.roles.rolledBack, '#ea5c00', 'the orange keeps its hue, without the alpha');
  });
});

describe('analytics doughnut legend', () => {
  // One unit per character stands in for the canvas's measureText.
  const measure = (text: string) => [...text].length;

  it('keeps a name that fits, and cuts a long one with an ellipsis to the room there is', () => {
    assert.strictEqual(fitText('production', 40, measure), 'production');
    const long = 'production-eu-central-1-customer-facing-payments-gateway-blue-green-canary';
    const fitted = fitText(long, 40, measure);
    assert.strictEqual(measure(fitted), 40);
    assert.ok(fitted.endsWith('…') && long.startsWith(fitted.slice(0, -1)), fitted);
  });
});
