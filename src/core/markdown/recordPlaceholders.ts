/** A value in a record still waiting to be filled in. */
export interface PlaceholderSpan {
  /** Zero-based line. */
  readonly line: number;
  /** Columns [start, end) of the placeholder text; for an empty field, the `**Field**:` itself. */
  readonly start: number;
  readonly end: number;
  /** The placeholder as written (`[PENDING]`), or '' for an empty field. */
  readonly text: string;
  /** The `**Field**` the placeholder belongs to, when it sits in one. */
  readonly field?: string;
  /** True when the current time is a sensible value: `… Start`, `… Time`, `Date`, `[HH:MM]`. */
  readonly isTime: boolean;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const BRACKETED = /\[(?:AUTO-FILLED|PENDING[^\]\n]*|TITLE|HH:MM)\]/g;
const FIELD = /^\s*(?:[-*+]|\d+[.)])\s+\*\*([^*\n]+?)\*\*:(.*)$/;
const TIME_FIELD = /(?:^|\s)(?:start|end|time|date)$/i;

/**
 * Finds the placeholders a record still carries: `[AUTO-FILLED]`, `[PENDING…]`, `[TITLE]`,
 * `[HH:MM]`, and fields left empty (`- **Root Cause**:`). Fenced code is skipped: a snippet
 * may legitimately contain brackets. Never throws.
 */
export function findPlaceholders(text: string): PlaceholderSpan[] {
  const spans: PlaceholderSpan[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  let fence: string | undefined;
  for (let line = 0; line < lines.length; line++) {
    const content = lines[line];
    const fenceMatch = FENCE.exec(content);
    if (fenceMatch) {
      if (fence === undefined) {
        fence = fenceMatch[1];
      } else if (fenceMatch[1][0] === fence[0] && content.trim().length >= fence.length && /^[`~]+$/.test(content.trim())) {
        fence = undefined;
      }
      continue;
    }
    if (fence !== undefined || content.indexOf('[') < 0 && content.indexOf('**:') < 0) {
      continue;
    }
    const field = FIELD.exec(content);
    const fieldName = field ? field[1].trim() : undefined;
    if (field && field[2].trim() === '') {
      const start = content.indexOf('**');
      spans.push({ line, start, end: content.length, text: '', field: fieldName, isTime: TIME_FIELD.test(fieldName!) });
      continue;
    }
    BRACKETED.lastIndex = 0;
    for (let m = BRACKETED.exec(content); m; m = BRACKETED.exec(content)) {
      const isTime = m[0] === '[HH:MM]' || (fieldName !== undefined && TIME_FIELD.test(fieldName));
      spans.push({ line, start: m.index, end: m.index + m[0].length, text: m[0], field: fieldName, isTime });
    }
  }
  return spans;
}
