import { commitPairKey, type AlertThresholds, type CommitCountResult, type CommitHistory, type CommitPair, type CommitTimeResult } from '../core/analytics/analyticsTypes';
import { computeAnalytics } from '../core/analytics/computeAnalytics';
import type { LeadTimeSample } from '../core/analytics/dora';
import { measureLeadTimes } from '../core/analytics/leadTime';
import { RecordFolderScanner, type FolderScan } from '../core/analytics/recordFolderScanner';
import { readRecordRow } from '../core/analytics/analyticsRowReader';
import type { AnalyticsRow } from '../core/analytics/analyticsRow';
import { recordedEnvironments } from '../core/analytics/recordedEnvironments';

/** What the panel's scanner gives: one analytics row per record. */
type RowScan = FolderScan<AnalyticsRow>;
import type { FolderOverview, PanelSource } from './analyticsPanelModel';

/**
 * The panel's view of one checklists folder: the engine's scanner with its per-file cache,
 * fed the paths the file watcher reports, so a save re-reads one file rather than the folder.
 * No `vscode` import: the benchmark runs exactly this in plain Node.
 */
export interface FolderAnalyzer extends PanelSource {
  /**
   * Paths (relative to the folder, `/`-separated) that changed, were created or deleted since
   * the last analysis; `''` for the folder itself.
   */
  noteChanged(relativePath: string): void;
}

export interface FolderAnalyzerOptions {
  /** Git history for lead time; absent (e.g. in an untrusted workspace) means lead time is not measured. */
  readonly history?: CommitHistory;
  /** Without `history`, why: lead time's note (`git history not read` when not given). */
  readonly withoutHistory?: string;
  /** Called when lead times measured in the background change the figures, so the panel redraws. */
  readonly onLeadTimesChanged?: () => void;
  /** The alert thresholds in force, read at every analysis so a settings change needs no new analyzer. */
  readonly thresholds?: () => Partial<AlertThresholds>;
}

/**
 * The answer for each of `items` from `memo`, asking `fetch` once for all the items not
 * asked about before. Each is remembered as soon as it is asked about, so a refresh that
 * starts while git is still answering waits for the same answer instead of asking again.
 */
async function throughMemo<T, V>(
  memo: Map<string, Promise<V>>,
  items: readonly T[],
  keyOf: (item: T) => string,
  fetch: (missing: T[]) => Promise<Map<string, V>>,
  unanswered: V
): Promise<Map<string, V>> {
  const missing = items.filter((item) => !memo.has(keyOf(item)));
  if (missing.length > 0) {
    const answers = fetch(missing);
    for (const item of missing) {
      const key = keyOf(item);
      memo.set(key, answers.then((map) => map.get(key) ?? unanswered));
    }
  }
  return new Map(await Promise.all(items.map(async (item) => [keyOf(item), await memo.get(keyOf(item))!] as const)));
}

/**
 * Commits never change, so one answer per hash (or pair) serves every later refresh. The
 * batch methods stay batches: a folder of thousands of records is then one `git cat-file`
 * and one `git rev-list` the first time, rather than a git process per commit and per range.
 */
function memoizeHistory(history: CommitHistory): CommitHistory {
  const times = new Map<string, Promise<CommitTimeResult>>();
  const counts = new Map<string, Promise<CommitCountResult>>();
  const unanswered = { unavailable: 'git gave no answer' };
  const { commitTimes, commitCounts } = history;
  return {
    prepare: history.prepare?.bind(history),
    commitTime(hash) {
      let answer = times.get(hash);
      if (!answer) {
        answer = history.commitTime(hash);
        times.set(hash, answer);
      }
      return answer;
    },
    commitsBetween(older, newer) {
      const key = commitPairKey({ older, newer });
      let answer = counts.get(key);
      if (!answer) {
        answer = history.commitsBetween(older, newer);
        counts.set(key, answer);
      }
      return answer;
    },
    ...(commitTimes ? { commitTimes: (hashes: readonly string[]) => throughMemo(times, hashes, (hash) => hash, (missing) => commitTimes.call(history, missing), unanswered) } : {}),
    ...(commitCounts ? { commitCounts: (pairs: readonly CommitPair[]) => throughMemo(counts, pairs, commitPairKey, (missing) => commitCounts.call(history, missing), unanswered) } : {})
  };
}

function sameLeadTimes(a: ReadonlyMap<string, LeadTimeSample> | undefined, b: ReadonlyMap<string, LeadTimeSample>): boolean {
  return a !== undefined && JSON.stringify([...a]) === JSON.stringify([...b]);
}

/** Lead time's note while the first answers from git are on their way. */
export const READING_GIT_HISTORY = 'reading git history…';

export function createFolderAnalyzer(folder: string, options: FolderAnalyzerOptions = {}): FolderAnalyzer {
  // The panel's records feed nothing but the figures, so it reads them the lean way, as the CLI does.
  const scanner = new RecordFolderScanner(folder, { read: readRecordRow });
  const history = options.history ? memoizeHistory(options.history) : undefined;
  let scanned = false;
  let pending = new Set<string>();
  let lastScan: RowScan | undefined;
  let leadTimes: Map<string, LeadTimeSample> | undefined;
  let measuring: RowScan | undefined;

  const currentScan = async (): Promise<RowScan> => {
    if (!scanned || !lastScan) {
      pending = new Set();
      lastScan = await scanner.scan();
      scanned = true;
    } else if (pending.size > 0) {
      const changed = [...pending];
      pending = new Set();
      lastScan = await scanner.refresh(changed);
    }
    return lastScan;
  };

  /**
   * Lead time needs git (two processes for the folder the first time, then only for new
   * commits): the panel draws without it and redraws when it arrives, so opening never
   * waits for a large history.
   */
  const measureInBackground = (scan: RowScan): void => {
    if (!history || measuring === scan) {
      return;
    }
    measuring = scan;
    void measureLeadTimes(scan.records, history).then((measured) => {
      if (measuring !== scan) {
        return;
      }
      const changed = !sameLeadTimes(leadTimes, measured);
      leadTimes = measured;
      if (changed) {
        options.onLeadTimesChanged?.();
      }
    });
  };

  let overview: { scan: RowScan | undefined; value: FolderOverview } | undefined;

  return {
    overview() {
      if (overview?.scan !== lastScan || !overview) {
        overview = { scan: lastScan, value: overviewOf(lastScan) };
      }
      return overview.value;
    },
    async analyze(filters) {
      let scan: RowScan;
      try {
        scan = await currentScan();
      } catch (error) {
        // A checklists folder that does not exist yet is the empty state, not an error.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          scanned = false;
          return computeAnalytics({ records: [] }, { ...filters, thresholds: options.thresholds?.() });
        }
        scanned = false;
        throw error;
      }
      measureInBackground(scan);
      return computeAnalytics(
        { records: scan.records, skipped: scan.skipped },
        // Until git answers, lead time says it is coming, not that the history is unavailable.
        { ...filters, leadTimes, leadTimesUnread: history ? READING_GIT_HISTORY : options.withoutHistory, thresholds: options.thresholds?.() }
      );
    },
    noteChanged(relativePath) {
      if (relativePath === '') {
        // The folder itself came or went (the watcher is anchored above it): every record it held
        // may have gone with it, and a watcher names only the folder then, so read it whole again.
        scanned = false;
        return;
      }
      pending.add(relativePath);
    }
  };
}

/**
 * Records (every row has a start time: those the engine counts) and their environments, named
 * and ordered as the environment distribution names them (see recordedEnvironments).
 */
function overviewOf(scan: RowScan | undefined): FolderOverview {
  const rows = scan?.records ?? [];
  return { records: rows.length, environments: recordedEnvironments(rows).map((e) => e.name) };
}
