import type { SeriesRole } from '../protocol';

/**
 * Chart colours come from the colour theme's `--vscode-*` variables, so charts follow light,
 * dark and high-contrast themes like the rest of the panel. Canvas drawing cannot use CSS
 * variables directly, hence the palette is read into plain strings and re-read on theme change.
 */
export interface ThemePalette {
  readonly foreground: string;
  readonly grid: string;
  readonly fontFamily: string;
  readonly roles: Readonly<Record<SeriesRole, string>>;
}

/**
 * Which variable each role takes its colour from, and what to use if the theme leaves it unset.
 * Outcomes take five different hues in every built-in theme: "In progress" is blue because the
 * high-contrast-light theme's yellow (#895503) and the orange fallback are the same brown.
 */
export const ROLE_VARIABLES: Readonly<Record<SeriesRole, readonly [variable: string, fallback: string]>> = {
  success: ['--vscode-charts-green', '#388a34'],
  failed: ['--vscode-charts-red', '#e51400'],
  rolledBack: ['--vscode-charts-orange', '#d18616'],
  aborted: ['--vscode-charts-purple', '#652d90'],
  inProgress: ['--vscode-charts-blue', '#1a85ff'],
  primary: ['--vscode-charts-blue', '#1a85ff'],
  secondary: ['--vscode-charts-purple', '#652d90'],
  high: ['--vscode-charts-red', '#e51400'],
  medium: ['--vscode-charts-orange', '#d18616'],
  low: ['--vscode-charts-yellow', '#bf8803'],
  neutral: ['--vscode-charts-foreground', '#616161']
};

/** What chart marks are drawn on: the cards' background, as analytics.css paints them. */
const BACKGROUND_VARIABLES = ['--vscode-sideBar-background', '--vscode-editor-background'] as const;

/** WCAG 2.1's minimum for graphical objects (1.4.11): bars and slices against their card. */
export const MIN_MARK_CONTRAST = 3;

export type Rgba = readonly [red: number, green: number, blue: number, alpha: number];

/** Reads the colour forms VS Code writes into its variables: `#rgb[a]`, `#rrggbb[aa]`, `rgb[a](…)`. */
export function parseColour(text: string): Rgba | undefined {
  const value = text.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(value);
  if (hex) {
    const digits = hex[1].length <= 4 ? [...hex[1]].map((d) => d + d) : hex[1].match(/../g) ?? [];
    const [r, g, b, a = 'ff'] = digits;
    return [parseInt(r, 16), parseInt(g, 16), parseInt(b, 16), parseInt(a, 16) / 255];
  }
  const functional = /^rgba?\(([^)]*)\)$/.exec(value);
  if (functional) {
    const parts = functional[1].split(/[\s,/]+/).filter(Boolean);
    if (parts.length < 3) {
      return undefined;
    }
    const channel = (part: string) => (part.endsWith('%') ? (parseFloat(part) * 255) / 100 : parseFloat(part));
    const alpha = parts[3] === undefined ? 1 : parts[3].endsWith('%') ? parseFloat(parts[3]) / 100 : parseFloat(parts[3]);
    const rgba: Rgba = [channel(parts[0]), channel(parts[1]), channel(parts[2]), alpha];
    return rgba.every(Number.isFinite) ? rgba : undefined;
  }
  return undefined;
}

function toHex([r, g, b]: Rgba): string {
  return `#${[r, g, b].map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('')}`;
}

/** Relative luminance (WCAG 2). */
export function luminance([r, g, b]: Rgba): number {
  const linear = (value: number) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2 contrast ratio of two opaque colours. */
export function contrastRatio(a: Rgba, b: Rgba): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/**
 * A colour a chart can draw with: opaque, and at least {@link MIN_MARK_CONTRAST} against the
 * card. Light and Dark Modern set `--vscode-charts-orange` to rgba(234, 92, 0, 0.33), a
 * highlight tint that drew "Rolled back" bars dim brown on dark cards and pale peach on light
 * ones; the hue is kept and the alpha dropped. A colour still too faint is moved towards
 * black or white (whichever the card is not) until it stands out, keeping its hue.
 */
export function markColour(colour: string, background: Rgba | undefined): string {
  const parsed = parseColour(colour);
  if (!parsed) {
    return colour; // A named or unusual colour: leave it to the browser.
  }
  let opaque: Rgba = [parsed[0], parsed[1], parsed[2], 1];
  if (background) {
    const target: Rgba = luminance(background) > 0.5 ? [0, 0, 0, 1] : [255, 255, 255, 1];
    const start = opaque;
    for (let step = 1; step <= 20 && contrastRatio(opaque, background) < MIN_MARK_CONTRAST; step++) {
      const t = step / 20;
      opaque = [start[0] + (target[0] - start[0]) * t, start[1] + (target[1] - start[1]) * t, start[2] + (target[2] - start[2]) * t, 1];
    }
  }
  return toHex(opaque);
}

/**
 * Builds the palette from a variable reader (in the page: `getComputedStyle(body).getPropertyValue`).
 * Taking a reader rather than the DOM keeps this testable in plain Node.
 */
export function readPalette(readVariable: (name: string) => string): ThemePalette {
  const read = (name: string, fallback: string): string => {
    const value = readVariable(name).trim();
    return value === '' ? fallback : value;
  };
  const backgroundText = BACKGROUND_VARIABLES.map((name) => readVariable(name).trim()).find((value) => value !== '');
  const background = backgroundText ? parseColour(backgroundText) : undefined;
  // A translucent card background shows the editor through it; too uncertain to adjust against.
  const card = background && background[3] === 1 ? background : undefined;
  const roles = {} as Record<SeriesRole, string>;
  for (const role of Object.keys(ROLE_VARIABLES) as SeriesRole[]) {
    const [variable, fallback] = ROLE_VARIABLES[role];
    roles[role] = markColour(read(variable, fallback), card);
  }
  return {
    foreground: read('--vscode-charts-foreground', read('--vscode-foreground', '#616161')),
    grid: read('--vscode-charts-lines', 'rgba(128, 128, 128, 0.35)'),
    fontFamily: read('--vscode-font-family', 'sans-serif'),
    roles
  };
}
