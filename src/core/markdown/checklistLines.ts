import { detectItemStatus } from '../record/checklistStatus';
import { createLineReader, readRecordLineStructure } from '../record/recordParser';
import type { ItemStatus } from '../record/recordTypes';

/** One checklist line and the status its marker shows. */
export interface ClassifiedLine {
  /** Zero-based line number. */
  readonly line: number;
  readonly status: ItemStatus;
  /** Column where the list marker starts: decorations and the cycle command start there. */
  readonly markerStart: number;
}

/**
 * Classifies every checklist step of a record by status: exactly the lines the record parser
 * counts as steps (its `checklist`), because the sections, issues and code blocks are
 * followed by the parser's own line reader. So a `✅` ending an issue's `- **Resolution**:`
 * or a metadata timestamp is not a step, nor is a `- [x]` in a shell snippet, nor an action
 * item of the Lessons Learned section. This runs on every edit for the editor decorations, so
 * it is one linear pass with no allocation for plain lines.
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
 * index or at the index shifted by the change in line count. Blocks and sections are
 * always re-read, so the result is exactly what a fresh classification gives.
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
  const reader = createLineReader(false);
  for (let i = 0; i < lines.length; i++) {
    let text = lines[i];
    if (i === 0 && text.charCodeAt(0) === 0xfeff) {
      // The parser drops a byte order mark before it reads the first line.
      text = text.slice(1);
    }
    if (readRecordLineStructure(reader, text, i) !== 'listItem') {
      continue;
    }
    const detected = i === 0 && text !== lines[0] ? detect(text) : detectAt(i);
    if (detected) {
      result.push({ line: i, status: detected.status, markerStart: detected.markerStart });
    }
  }
  return result;
}

/** Splits text into lines the way editors count them (LF, CRLF or CR). */
export function splitLines(text: string): string[] {
  // The regex split costs twice as much, and most records use LF only.
  return text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
}
