import { secondsBetween } from './record/recordTime';
import type { ParsedRecord, RecordedTime } from './record/recordTypes';

/** What the status bar shows for a deployment at one instant. */
export interface PhaseClockReading {
  /** The running phase (the one started last), if any phase has started. */
  readonly phase?: string;
  readonly phaseElapsedSeconds: number;
  readonly totalElapsedSeconds: number;
  /** Every started phase, in the order they started. */
  readonly phases: { name: string; seconds: number; running: boolean }[];
}

/**
 * Reads a time as an instant. Times written without an offset (the old shell tasks wrote
 * local time) are taken in `localOffsetMinutes`, by default this machine's zone at that time.
 */
function instantOf(time: RecordedTime, localOffsetMinutes: number | undefined): number {
  if (time.offsetMinutes !== undefined) {
    return time.epochMs;
  }
  const offset = localOffsetMinutes ?? -new Date(time.epochMs).getTimezoneOffset();
  return time.epochMs - offset * 60_000;
}

/**
 * The clock of a deployment at `nowMs`: the running phase and how long it has run, the time
 * since the deployment started, and each started phase's time so far. A finished deployment
 * has no running phase; its total is its end time (or written total) minus its start.
 * Negative times (clock skew) read as zero.
 */
export function phaseClock(parsed: ParsedRecord, nowMs: number, localOffsetMinutes?: number): PhaseClockReading {
  const finished = parsed.outcome !== 'inProgress';
  const started = parsed.phases
    .filter((p): p is typeof p & { start: RecordedTime } => p.start !== undefined)
    .sort((a, b) => instantOf(a.start, localOffsetMinutes) - instantOf(b.start, localOffsetMinutes));
  const end = finished && parsed.endTime ? instantOf(parsed.endTime, localOffsetMinutes) : nowMs;

  const phases = started.map((phase, index) => {
    const next = started[index + 1];
    const last = next === undefined;
    const running = last && !finished;
    let seconds: number;
    // Measured the way the analytics measure a phase (to the next phase's start, or the last
    // one to End Time), so the status bar and the panel agree; a written duration (often a
    // hand-written `~2 minutes`) counts only where there is nothing to measure to.
    if (running) {
      seconds = (nowMs - instantOf(phase.start, localOffsetMinutes)) / 1000;
    } else if (next) {
      seconds = secondsBetween(phase.start, next.start);
    } else if (parsed.endTime === undefined && phase.writtenDurationSeconds !== undefined) {
      seconds = phase.writtenDurationSeconds;
    } else {
      seconds = (end - instantOf(phase.start, localOffsetMinutes)) / 1000;
    }
    return { name: phase.name, seconds: Math.max(0, Math.floor(seconds)), running };
  });

  let total = 0;
  if (finished && parsed.writtenTotalSeconds !== undefined && !parsed.endTime) {
    total = parsed.writtenTotalSeconds;
  } else if (parsed.startTime) {
    total = (end - instantOf(parsed.startTime, localOffsetMinutes)) / 1000;
  }
  const current = phases.find((p) => p.running);
  return {
    ...(current ? { phase: current.name } : {}),
    phaseElapsedSeconds: current?.seconds ?? 0,
    totalElapsedSeconds: Math.max(0, Math.floor(total)),
    phases
  };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `mm:ss` under an hour, `hh:mm:ss` from an hour on, `Nd hh:mm:ss` from a day on. */
export function formatClock(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  // A record abandoned mid-deployment stays active until someone finishes it; counting its
  // age in days keeps the status bar readable (`442d 05:13:33`, not `10613:13:33`).
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d > 0) {
    return `${d}d ${pad2(h)}:${pad2(m)}:${pad2(s)}`;
  }
  return h > 0 ? `${pad2(h)}:${pad2(m)}:${pad2(s)}` : `${pad2(m)}:${pad2(s)}`;
}
