/** One rule from `deploymentRecords.environmentRules`. */
export interface EnvironmentRule {
  readonly source?: 'path' | 'branch';
  /** A regular expression, matched case-insensitively. */
  readonly pattern: string;
  readonly environment: string;
}

/** The environment used when no rule matches. */
export const FALLBACK_ENVIRONMENT = 'production';

/** A path with `/` separators and no trailing `/`, split into its folder names. */
function segmentsOf(location: string): string[] {
  return location.replace(/\\/g, '/').split('/').filter((segment) => segment !== '');
}

/** `child` is `parent` or lies below it, compared by folder names, whatever their case. */
function holds(parent: readonly string[], child: readonly string[]): boolean {
  return parent.length <= child.length && parent.every((segment, i) => segment.toLowerCase() === child[i].toLowerCase());
}

/**
 * What `path` rules are matched against: the part of a workspace folder's location that
 * identifies the project, with `/` separators and a leading `/`. Inside a git repository it is
 * the repository folder's name and the path from there down to the workspace folder
 * (`/platform/envs/staging`); otherwise it is the workspace folder's own name
 * (`/payments-infra`). Folders above the project (`/home/alice/dev`, `~/Development`) say
 * where a person keeps projects, not where a deployment goes, so they never take part. Nor do
 * they through a repository that is the home folder or holds it (a dotfiles repository).
 */
export function projectPath(workspaceFolder: string, facts: { repositoryRoot?: string; homeFolder?: string } = {}): string {
  const folder = segmentsOf(String(workspaceFolder ?? ''));
  const root = facts.repositoryRoot === undefined ? undefined : segmentsOf(facts.repositoryRoot);
  const home = facts.homeFolder === undefined ? undefined : segmentsOf(facts.homeFolder);
  const usable = root !== undefined && root.length > 0 && holds(root, folder) && !(home !== undefined && holds(root, home));
  return `/${(usable ? folder.slice(root.length - 1) : folder.slice(-1)).join('/')}`;
}

/**
 * Detects the environment of a deployment from the project's path (see `projectPath`) or the
 * git branch: rules are tried in order and the first match wins; `production` when none does.
 * Paths are matched with `/` separators on every platform. A rule whose pattern is not a
 * valid regular expression, or that has no environment, is skipped. Never throws.
 */
export function detectEnvironment(rules: readonly EnvironmentRule[], input: { projectPath: string; branch?: string }): string {
  const path = String(input?.projectPath ?? '').replace(/\\/g, '/');
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
