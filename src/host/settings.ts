import * as vscode from 'vscode';
import type { AlertThresholds } from '../core/analytics/analyticsTypes';

/** One environment-detection rule as the user configures it. */
export interface EnvironmentRuleSetting {
  readonly source?: 'path' | 'branch';
  readonly pattern: string;
  readonly environment: string;
}

/** The lifecycle settings of one workspace folder, with defaults applied and bad values dropped. */
export interface LifecycleSettings {
  readonly checklistsFolder: string;
  readonly templatePath: string;
  readonly operator: string;
  readonly environments: readonly string[];
  readonly environmentRules: readonly EnvironmentRuleSetting[];
  readonly toolVersionCommands: readonly string[];
  readonly customPhases: readonly string[];
}

const DEFAULT_CHECKLISTS_FOLDER = 'deployments/checklists';
const DEFAULT_TEMPLATE_PATH = 'deployments/deployment-checklist.md';

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()) : [];
}

/** Settings are resource-scoped, so a multi-root workspace can use different folders per root. */
export function readLifecycleSettings(folder: vscode.WorkspaceFolder | undefined): LifecycleSettings {
  const config = vscode.workspace.getConfiguration('deploymentRecords', folder?.uri);
  const text = (key: string, fallback: string): string => {
    const value = config.get<unknown>(key);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
  };
  const rules = config.get<unknown>('environmentRules');
  return {
    checklistsFolder: text('checklistsFolder', DEFAULT_CHECKLISTS_FOLDER),
    templatePath: text('templatePath', DEFAULT_TEMPLATE_PATH),
    operator: text('operator', ''),
    environments: stringList(config.get<unknown>('environments')),
    environmentRules: Array.isArray(rules)
      ? rules.filter((r): r is EnvironmentRuleSetting =>
        typeof r === 'object' && r !== null && typeof r.pattern === 'string' && typeof r.environment === 'string')
      : [],
    toolVersionCommands: stringList(config.get<unknown>('toolVersionCommands')),
    customPhases: stringList(config.get<unknown>('customPhases'))
  };
}

/** True when a change event touches a setting that decides which folder holds records. */
export function affectsRecordLocation(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration('deploymentRecords.checklistsFolder');
}

/**
 * The alert thresholds set for a folder; a missing or nonsensical value (negative, not a
 * number) falls back to the engine's default rather than silencing or flooding the alerts.
 */
export function readAlertThresholds(scope: vscode.Uri | undefined): Partial<AlertThresholds> {
  const config = vscode.workspace.getConfiguration('deploymentRecords.alerts', scope);
  const seconds = (key: string): number | undefined => {
    const value = config.get<unknown>(key);
    return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
  };
  const thresholds: { -readonly [K in keyof AlertThresholds]?: number } = {};
  const downtime = seconds('maxDowntimeSeconds');
  const total = seconds('maxDurationSeconds');
  const healthy = seconds('maxTimeToHealthySeconds');
  if (downtime !== undefined) thresholds.downtimeSeconds = downtime;
  if (total !== undefined) thresholds.totalSeconds = total;
  if (healthy !== undefined) thresholds.timeToHealthySeconds = healthy;
  return thresholds;
}
