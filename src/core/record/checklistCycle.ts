import { cycleItemLine } from './checklistStatus';
import { createLineReader, readRecordLine, type MutableIssue } from './recordParser';

/** Why a line is not a checklist step, so the cycle command leaves it as it is. */
export type NotStepReason =
  | { readonly kind: 'heading' }
  | { readonly kind: 'code' }
  | { readonly kind: 'rule' }
  | { readonly kind: 'blank' }
  /** A line of the metadata or metrics section, named by its heading. */
  | { readonly kind: 'fields'; readonly section: string }
  /** A line of the Lessons Learned section, whose action items are for the next deployment. */
  | { readonly kind: 'lessons'; readonly section: string }
  /** A line of an `### Issue #N` block. */
  | { readonly kind: 'issue'; readonly issue: number }
  /**
   * A line of a list item that is an issue written as a note (a `RESOLUTION:` or `ROOT CAUSE:`
   * bullet under it), named by its title, or of the items under it; its steps still cycle.
   */
  | { readonly kind: 'issueNote'; readonly title: string };

/** What the cycle command does with one line (zero-based). */
export type CycleVerdict =
  | { readonly line: number; readonly kind: 'cycle'; readonly before: string; readonly after: string }
  | { readonly line: number; readonly kind: 'notStep'; readonly reason: NotStepReason };

/**
 * Judges each of `targets` (zero-based line numbers of `lines`) on its own, by the record
 * parser's rules: a checklist step moves to its next status, and a plain list item or line of
 * text in a section that holds steps becomes a pending step. Headings, rules, blank lines,
 * code blocks (fences included) and every line of the metadata and metrics sections and of
 * issues are left as they are: turning `- **Success Status**: ✅ Succeeded` into a step would
 * hide the outcome, and a finished deployment would read as in progress again. So is every
 * line of the Lessons Learned section: its action items (`- [ ] **HIGH** …`) are follow-ups
 * for the next deployment, which no reader counts as steps, so giving one a step's status
 * marker (`[🔄]`, `[❌]`) would say something nothing shows, and a plain note there would
 * become a box that is no step either. So are the lines of an issue written as a note (a
 * list item with a `RESOLUTION:` or `ROOT CAUSE:` bullet under it): as a step it would no
 * longer count as an issue. The steps among them are steps everywhere, and cycle.
 * Verdicts come in ascending line order, one per distinct target inside the document.
 */
export function planChecklistCycle(lines: readonly string[], targets: Iterable<number>): CycleVerdict[] {
  const wanted = [...new Set(targets)].filter((line) => Number.isInteger(line) && line >= 0 && line < lines.length).sort((a, b) => a - b);
  const verdicts: CycleVerdict[] = [];
  if (wanted.length === 0) {
    return verdicts;
  }
  // The parser reads a line in the light of the lines above it (open fences, the current
  // section, an open issue), so every line up to the last target goes through its reader;
  // and a list item becomes an issue only at a bullet below it, so reading goes on until the
  // list items open at the last target have ended.
  const state = createLineReader(false);
  const last = wanted[wanted.length - 1];
  /** Verdicts (by index) to cycle a line of a list item that may still turn out to be an issue. */
  const inListItems: number[] = [];
  let next = 0;
  for (let i = 0; i < lines.length && (i <= last || (inListItems.length > 0 && state.openItems.length > 0)); i++) {
    const role = readRecordLine(state, lines[i], i);
    if (i !== wanted[next]) {
      continue;
    }
    next++;
    const text = lines[i];
    let reason: NotStepReason | undefined;
    if (role === 'code' || role === 'heading' || role === 'rule') {
      reason = { kind: role };
    } else if (state.issue !== undefined) {
      reason = { kind: 'issue', issue: state.issue.number };
    } else if (state.kind === 'metadata' || state.kind === 'metrics') {
      reason = { kind: 'fields', section: state.section };
    } else if (state.kind === 'lessons') {
      reason = { kind: 'lessons', section: state.section };
    } else if (role === 'text' && text.trim().length === 0) {
      reason = { kind: 'blank' };
    }
    if (reason === undefined && role !== 'step' && state.openItems.length > 0) {
      inListItems.push(verdicts.length);
    }
    verdicts.push(reason ? { line: i, kind: 'notStep', reason } : { line: i, kind: 'cycle', before: text, after: cycleItemLine(text) });
  }
  markIssueNoteLines(verdicts, inListItems, state.issues, lines.length);
  return verdicts;
}

/**
 * Turns the verdicts (by index, in line order) on lines of an issue written as a note into
 * `notStep` ones naming the innermost such issue. An item holds the items under it, so the
 * issues' lines nest, and one pass over both lists finds them.
 */
function markIssueNoteLines(verdicts: CycleVerdict[], indexes: readonly number[], issues: readonly MutableIssue[], lineCount: number): void {
  const notes = issues.filter((issue) => issue.note === true);
  const endOf = (issue: MutableIssue): number => issue.endLine ?? lineCount;
  const around: MutableIssue[] = [];
  let n = 0;
  for (const index of indexes) {
    const line = verdicts[index].line;
    while (n < notes.length && notes[n].line <= line) {
      const next = notes[n++];
      while (around.length > 0 && endOf(around[around.length - 1]) <= next.line) {
        around.pop();
      }
      around.push(next);
    }
    while (around.length > 0 && endOf(around[around.length - 1]) <= line) {
      around.pop();
    }
    if (around.length > 0) {
      verdicts[index] = { line, kind: 'notStep', reason: { kind: 'issueNote', title: around[around.length - 1].title } };
    }
  }
}

function describeReason(reason: NotStepReason): string {
  switch (reason.kind) {
    case 'heading': return 'is a heading';
    case 'code': return 'is in a code block';
    case 'rule': return 'is a horizontal rule';
    case 'blank': return 'is blank';
    case 'fields': return `is in “${reason.section}”, which holds fields, not steps`;
    case 'lessons': return `is in “${reason.section}”, which holds lessons and action items for the next deployment, not steps`;
    case 'issue': return `is part of Issue #${reason.issue}, which holds fields, not steps`;
    case 'issueNote': return `is part of the issue ${reason.title === '' ? '' : `“${reason.title}” `}noted with its resolution or root cause, not a step`;
  }
}

/** How many not-step lines a message names before it sums up the rest. */
const NAMED_LINES = 3;

/**
 * The status-bar message for a cycle: why the lines that are not steps were left alone, or
 * undefined when there is nothing to explain. Blank lines inside a selection that also
 * cycled steps are normal and are not mentioned.
 */
export function describeCycle(verdicts: readonly CycleVerdict[]): string | undefined {
  const cycled = verdicts.filter((v) => v.kind === 'cycle').length;
  const skipped = verdicts.flatMap((v) => (v.kind === 'notStep' && (cycled === 0 || v.reason.kind !== 'blank') ? [v] : []));
  if (skipped.length === 0) {
    return undefined;
  }
  const named = skipped.slice(0, NAMED_LINES).map((v) => `line ${v.line + 1} ${describeReason(v.reason)}`);
  const rest = skipped.length - named.length;
  if (rest > 0) {
    named.push(`${rest} more line${rest === 1 ? '' : 's'} ${rest === 1 ? 'is' : 'are'} not steps either`);
  }
  const why = named.join('; ');
  if (cycled === 0) {
    const what = skipped.length === 1 ? 'Not a checklist step' : 'Not checklist steps';
    return `${what}, so nothing changed: ${why}. Put the cursor on a step (“- [ ] …”) or a plain line.`;
  }
  return `Cycled ${cycled} step${cycled === 1 ? '' : 's'}; left ${skipped.length === 1 ? 'one line' : `${skipped.length} lines`} as ${skipped.length === 1 ? 'it was' : 'they were'}: ${why}.`;
}
