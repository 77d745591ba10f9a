import type { AnalyticsRow } from './analyticsRow';

/** One environment the records name, as the environment distribution shows it. */
export interface RecordedEnvironment {
  /** `countedKey` of the name: what `--env` and the panel's filter compare. */
  readonly key: string;
  /** As the oldest record spells it. */
  readonly name: string;
  readonly deployments: number;
}

/**
 * The environments `rows` name, merged and spelled as the engine's environment distribution
 * merges and spells them: one entry per `countedKey` (`Production  East` and `production east`
 * are one), named as the oldest record names it, busiest first, then by name. The command's
 * warning about an unknown `--env` and the panel's environment filter both list these, so that
 * neither names an environment in a spelling no report shows.
 */
export function recordedEnvironments(rows: Iterable<Pick<AnalyticsRow, 'environment' | 'environmentFilterKey' | 'startMs' | 'file'>>): RecordedEnvironment[] {
  const byKey = new Map<string, { name: string; deployments: number; startMs: number; file: string }>();
  for (const row of rows) {
    const key = row.environmentFilterKey;
    if (row.environment === undefined || key === '') {
      continue;
    }
    const entry = byKey.get(key);
    if (entry === undefined) {
      byKey.set(key, { name: row.environment.trim(), deployments: 1, startMs: row.startMs, file: row.file });
      continue;
    }
    entry.deployments++;
    if (row.startMs < entry.startMs || (row.startMs === entry.startMs && row.file < entry.file)) {
      entry.name = row.environment.trim();
      entry.startMs = row.startMs;
      entry.file = row.file;
    }
  }
  return [...byKey]
    .map(([key, e]) => ({ key, name: e.name, deployments: e.deployments }))
    .sort((a, b) => b.deployments - a.deployments || a.name.localeCompare(b.name));
}
