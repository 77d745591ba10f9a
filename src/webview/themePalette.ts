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

/** Which variable each role takes its colour from, and what to use if the theme leaves it unset. */
export const ROLE_VARIABLES: Readonly<Record<SeriesRole, readonly [variable: string, fallback: string]>> = {
  success: ['--vscode-charts-green', '#388a34'],
  failed: ['--vscode-charts-red', '#e51400'],
  rolledBack: ['--vscode-charts-orange', '#d18616'],
  aborted: ['--vscode-charts-purple', '#652d90'],
  inProgress: ['--vscode-charts-yellow', '#bf8803'],
  primary: ['--vscode-charts-blue', '#1a85ff'],
  secondary: ['--vscode-charts-purple', '#652d90'],
  high: ['--vscode-charts-red', '#e51400'],
  medium: ['--vscode-charts-orange', '#d18616'],
  low: ['--vscode-charts-yellow', '#bf8803'],
  neutral: ['--vscode-charts-foreground', '#616161']
};

/**
 * Builds the palette from a variable reader (in the page: `getComputedStyle(body).getPropertyValue`).
 * Taking a reader rather than the DOM keeps this testable in plain Node.
 */
export function readPalette(readVariable: (name: string) => string): ThemePalette {
  const read = (name: string, fallback: string): string => {
    const value = readVariable(name).trim();
    return value === '' ? fallback : value;
  };
  const roles = {} as Record<SeriesRole, string>;
  for (const role of Object.keys(ROLE_VARIABLES) as SeriesRole[]) {
    const [variable, fallback] = ROLE_VARIABLES[role];
    roles[role] = read(variable, fallback);
  }
  return {
    foreground: read('--vscode-charts-foreground', read('--vscode-foreground', '#616161')),
    grid: read('--vscode-charts-lines', 'rgba(128, 128, 128, 0.35)'),
    fontFamily: read('--vscode-font-family', 'sans-serif'),
    roles
  };
}
