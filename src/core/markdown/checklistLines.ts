import { detectItemStatus } from '../record/checklistStatus';
import type { ItemStatus } from '../record/recordTypes';

/** One checklist line and the status its marker shows. */
export interface ClassifiedLine {
  /** Zero-based line number. */
  readonly line: number;
  readonly status: ItemStatus;
  /** Column where the list marker starts: decorations and the cycle command start there. */
  readonly markerStart: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*)$/;
// Fields such as `- **Planning Start**: 2025-09-05 18:50:43 ✅` are bookkeeping, not steps.
const FIELD_SECTION = /^Deployment (?:Metadata|Metrics)\b/i;

/**
 * Classifies every checklist line of a document by status, skipping fenced code blocks
 * (a `- [x]` inside a shell snippet is not a step) and the metadata and metrics sections
 * (a timestamp followed by ✅ is not a step either). This runs on every edit for the
 * editor decorations, so it is one linear pass with no allocation for plain lines.
 */
export function classifyChecklistLines(lines: readonly string[]): ClassifiedLine[] {
  return scanLines(lines, (i) => detect(lines[i]));
}

type Detection = { readonly status: ItemStatus; readonly markerStart: number } | null;

function detect(text: string): Detection {
  const detected = detectItemStatus(text);
  return detected ? { status: detected.status, markerStart: detected.markerStart } : null;
}

/**
 * Like {@link classifyChecklistLines}, but remembers the previous call's lines so that the
 * next call only runs the detector on lines that changed. An edit changes a few lines,
 * possibly shifting the rest: a line is reused when it equals the previous line at the same
 * index or at the index shifted by the change in line count. Fences and sections are
 * always re-scanned, so the result is exactly what a fresh classification gives.
 * Keep one classifier per document.
 */
export function createChecklistClassifier(): (lines: readonly string[]) => ClassifiedLine[] {
  let previousLines: readonly string[] = [];
  let previous: (Detection | undefined)[] = [];
  return (lines) => {
    const shift = lines.length - previousLines.length;
    const current: (Detection | undefined)[] = new Array(lines.length);
    const result = scanLines(lines, (i) => {
      const text = lines[i];
      let found: Detection | undefined;
      if (i < previousLines.length && previousLines[i] === text) {
        found = previous[i];
      }
      const j = i - shift;
      if (found === undefined && shift !== 0 && j >= 0 && j < previousLines.length && previousLines[j] === text) {
        found = previous[j];
      }
      if (found === undefined) {
        found = detect(text);
      }
      current[i] = found;
      return found;
    });
    previousLines = lines;
    previous = current;
    return result;
  };
}

function scanLines(lines: readonly string[], detectAt: (index: number) => Detection): ClassifiedLine[] {
  const result: ClassifiedLine[] = [];
  let fence: string | undefined;
  let inFieldSection = false;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i];
    const fenceMatch = mayBeFence(text) ? FENCE.exec(text) : null;
    if (fenceMatch) {
      const marker = fenceMatch[1];
      if (fence === undefined) {
        fence = marker;
      } else if (marker[0] === fence[0] && marker.length >= fence.length && text.trim() === marker) {
        fence = undefined;
      }
      continue;
    }
    if (fence !== undefined) {
      continue;
    }
    if (!mayBeListItem(text)) {
      const heading = text.charCodeAt(0) === 35 || text.startsWith(' ') ? HEADING.exec(text) : null;
      if (heading && heading[1].length <= 2) {
        inFieldSection = FIELD_SECTION.test(heading[2].trim());
      }
      continue;
    }
    if (inFieldSection) {
      continue;
    }
    const detected = detectAt(i);
    if (detected) {
      result.push({ line: i, status: detected.status, markerStart: detected.markerStart });
    }
  }
  return result;
}

/** Cheap pre-check so the fence pattern only runs on lines that start with ` or ~. */
function mayBeFence(text: string): boolean {
  const first = text.trimStart().charCodeAt(0);
  return first === 96 || first === 126;
}

/** Cheap pre-check so the detector only sees lines that start like a list item. */
function mayBeListItem(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) {
      continue;
    }
    // '-', '*', '+' or a digit (ordered lists)
    return c === 45 || c === 42 || c === 43 || (c >= 48 && c <= 57);
  }
  return false;
}

/** Splits text into lines the way editors count them (LF, CRLF or CR). */
export function splitLines(text: string): string[] {
  // The regex split costs twice as much, and most records use LF only.
  return text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
}
