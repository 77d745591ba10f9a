/**
 * The shape of a deployment record once read. Everything here is plain data: the parser
 * (recordParser.ts) produces it from markdown text, the writer (recordWriter.ts) turns
 * intentions into text edits, and analytics, the CLI, the editor layer and the webview
 * all consume it. No `vscode` import is allowed anywhere under `src/core`.
 */

/** A timestamp as the record wrote it, plus the instant it denotes. */
export interface RecordedTime {
  /** The text as found in the record, trimmed. */
  readonly raw: string;
  /**
   * Milliseconds since the epoch. A timestamp written without a UTC offset is read as
   * if it were UTC, so that differences between two offset-less times are still right.
   */
  readonly epochMs: number;
  /** The wall clock as written, never converted to the reader's zone. */
  readonly wall: {
    readonly year: number;
    readonly month: number; // 1-12
    readonly day: number;
    readonly hour: number;
    readonly minute: number;
    readonly second: number;
  };
  /** Minutes east of UTC when the record wrote an offset (`Z` is 0); undefined when it did not. */
  readonly offsetMinutes?: number;
}

export type Outcome = 'success' | 'failed' | 'rolledBack' | 'aborted' | 'inProgress';

/** Status of one checklist step, as marked in the markdown. */
export type ItemStatus = 'done' | 'failed' | 'inProgress' | 'skipped' | 'blocked' | 'pending';

/** A `- **Key**: value` line. */
export interface RecordField {
  readonly key: string;
  /** Value text after the colon, trimmed; empty when the field is blank. */
  readonly value: string;
  /** Zero-based line number in the record. */
  readonly line: number;
  /** The `## ` section heading the field sits under, without the hashes ('' before any heading). */
  readonly section: string;
  /** True for `[AUTO-FILLED]`, `[PENDING…]`, `[TITLE]`, `[HH:MM]`-style or empty values. */
  readonly placeholder: boolean;
}

export interface ChecklistItem {
  /** Zero-based line number. */
  readonly line: number;
  readonly status: ItemStatus;
  /** The item text without its marker, e.g. `**Deploy**: apply the change`. */
  readonly text: string;
  /** A short label for analytics: the bold title when there is one, else the text. */
  readonly label: string;
  /** The `## ` section heading it sits under. */
  readonly section: string;
  /** Indentation in columns: nested items are sub-steps. */
  readonly indent: number;
}

export interface PhaseTiming {
  /** Display name, e.g. `Planning`, `Execution`, `Validation`, or a custom phase. */
  readonly name: string;
  /** When the phase started, if recorded and readable. */
  readonly start?: RecordedTime;
  /** Duration in seconds as written in the record (`~2 minutes`, `1h 5m`, `00:37:12`, `135.4s`). */
  readonly writtenDurationSeconds?: number;
  /** Line of the `<Name> Start` field, when present. */
  readonly startLine?: number;
  /** Line of the `<Name> Duration` field, when present. */
  readonly durationLine?: number;
}

/**
 * An issue: an `### Issue #N: title` block with its `- **Field**: value` lines, or a list item
 * of an ordinary section with a `RESOLUTION:` or `ROOT CAUSE:` bullet under it (an issue
 * written as a note, which records no phase, impact or time).
 */
export interface IssueEntry {
  /** The N of `### Issue #N`; 0 for an issue written as a note, which has no number. */
  readonly number: number;
  readonly title: string;
  readonly phase?: string;
  readonly impact?: 'High' | 'Medium' | 'Low';
  readonly time?: string;
  readonly timeToResolveSeconds?: number;
  readonly resolved: boolean;
  /** Line of the `### Issue #N` heading, or of the note's list item. */
  readonly line: number;
}

/** Something in the record that could not be read as intended; never fatal. */
export interface RecordProblem {
  readonly line: number;
  readonly message: string;
}

export interface ParsedRecord {
  /** File name the record was read from (base name), when known. */
  readonly fileName?: string;
  /** `DEP-YYYY-MM-DD-HH-MM[-N]`, from the metadata or derived from the file name. */
  readonly id?: string;
  /** Start time from `Start Time`, else `Date`, else the ID, else the file name. */
  readonly startTime?: RecordedTime;
  /** Where the start time came from. */
  readonly startTimeSource?: 'startTime' | 'date' | 'id' | 'fileName';
  readonly endTime?: RecordedTime;
  /** Line of the End Time field `endTime` was read from (set with `endTime`). */
  readonly endTimeLine?: number;
  readonly operator?: string;
  readonly environment?: string;
  readonly branch?: string;
  readonly commit?: string;
  readonly outcome: Outcome;
  /** Free-text note written with the outcome, if any. */
  readonly outcomeNote?: string;
  /** Total duration in seconds as written (`Total Duration`), if readable. */
  readonly writtenTotalSeconds?: number;
  /** Phases in the order their fields appear in the record. */
  readonly phases: readonly PhaseTiming[];
  readonly checklist: readonly ChecklistItem[];
  readonly issues: readonly IssueEntry[];
  /** Every `- **Key**: value` field in the metadata and metrics sections, in order. */
  readonly fields: readonly RecordField[];
  readonly problems: readonly RecordProblem[];
  /** True when the record has a `## Deployment Metadata` section. */
  readonly hasMetadata: boolean;
}

/** A replacement of whole lines, in zero-based line numbers: [startLine, endLine) is replaced by `lines`. */
export interface LineEdit {
  readonly startLine: number;
  /** Exclusive. Equal to startLine for a pure insertion before startLine. */
  readonly endLine: number;
  readonly lines: readonly string[];
}

/** What `renderNewRecord` writes into the metadata block of a new record. */
export interface NewRecordMetadata {
  /** `DEP-YYYY-MM-DD-HH-MM[-N]`, from `nextDeploymentId`. */
  readonly deploymentId: string;
  /** ISO 8601 with offset, from `formatTimestamp`. */
  readonly startTime: string;
  readonly operator: string;
  readonly environment: string;
  /** Branch name; undefined when there is none (not a repository, detached HEAD). */
  readonly gitBranch?: string;
  /** Full commit hash; undefined when there is none. */
  readonly gitCommit?: string;
  /** `clean`, `dirty (3 changed files)`, `not a git repository`, `detached HEAD at abc1234`… written as given. */
  readonly workingTree: string;
  /** The last finished record for the same environment; written `DEP-… (abc1234)`, or `none` when undefined. */
  readonly previousDeployment?: { readonly id: string; readonly commit?: string };
  /** One `- **<tool> Version**: <version>` line each, e.g. `{ tool: 'Terraform', version: 'v1.13.1' }`. */
  readonly toolVersions?: readonly { readonly tool: string; readonly version: string }[];
  /** Relative to the workspace folder (`.` for the folder itself). */
  readonly workingDirectory: string;
  /** Custom phases (from settings) that get `Start`/`Duration` fields after the standard three. */
  readonly customPhases?: readonly string[];
}
