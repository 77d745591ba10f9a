/** One rule from `deploymentRecords.environmentRules`. */
export interface EnvironmentRule {
  readonly source?: 'path' | 'branch';
  /** A regular expression, matched case-insensitively. */
  readonly pattern: string;
  readonly environment: string;
}

/** The environment used when no rule matches. */
export const FALLBACK_ENVIRONMENT = 'production';

/**
 * Detects the environment of a deployment from the workspace path or the git branch: rules
 * are tried in order and the first match wins; `production` when none does. Paths are matched
 * with `/` separators on every platform. A rule whose pattern is not a valid regular
 * expression, or that has no environment, is skipped. Never throws.
 */
export function detectEnvironment(rules: readonly EnvironmentRule[], input: { workspacePath: string; branch?: string }): string {
  const path = String(input?.workspacePath ?? '').replace(/\\/g, '/');
  for (const rule of Array.isArray(rules) ? rules : []) {
    if (!rule || typeof rule.pattern !== 'string' || typeof rule.environment !== 'string' || rule.environment.trim() === '') {
      continue;
    }
    const subject = rule.source === 'branch' ? input?.branch : path;
    if (typeof subject !== 'string' || subject.length === 0) {
      continue;
    }
    let pattern: RegExp;
    try {
      pattern = new RegExp(rule.pattern, 'i');
    } catch {
      continue;
    }
    if (pattern.test(subject)) {
      return rule.environment.trim();
    }
  }
  return FALLBACK_ENVIRONMENT;
}
