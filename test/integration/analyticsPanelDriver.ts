import * as assert from 'assert';
import type { AnalyticsPanelApi } from '../../src/host/analyticsPanel';
import type { RenderSummary } from '../../src/protocol';
import { activatedExtension } from './extensionUnderTest';

/** What the analytics panel suites share: the panel's test API, its renders, and records to show. */

const RENDER_DEADLINE_MS = 30_000;

/** A record as Start Deployment and Finish Deployment leave it. */
export function recordText(id: string, start: string, end: string, operator: string, environment: string, status: string, checklist = '- [x] **Deploy infrastructure**: apply the change'): string {
  return [
    '## Deployment Metadata',
    '',
    `- **Deployment ID**: ${id}`,
    `- **Start Time**: ${start}`,
    `- **End Time**: ${end}`,
    `- **Operator**: ${operator}`,
    `- **Environment**: ${environment}`,
    '',
    '## Deployment Metrics',
    '',
    `- **Success Status**: ${status}`,
    '',
    '## Checklist',
    '',
    checklist,
    ''
  ].join('\n');
}

export async function panelApi(): Promise<AnalyticsPanelApi> {
  const extension = await activatedExtension();
  const api = (extension.exports as { analyticsPanel?: AnalyticsPanelApi }).analyticsPanel;
  assert.ok(api, 'activate() does not export the analytics panel');
  return api;
}

/** Resolves with the next render the page reports that satisfies `accept`; fails after a bounded wait. */
export function nextRender(api: AnalyticsPanelApi, accept: (summary: RenderSummary) => boolean = () => true): Promise<RenderSummary> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`the analytics page reported no matching render within ${RENDER_DEADLINE_MS / 1000} s`));
    }, RENDER_DEADLINE_MS);
    const listener = api.onDidRender((summary) => {
      if (accept(summary)) {
        clearTimeout(timer);
        listener.dispose();
        resolve(summary);
      }
    });
  });
}
