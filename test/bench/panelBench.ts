import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildPanelMessage } from '../../src/host/analyticsPanelModel';
import { createFolderAnalyzer } from '../../src/host/analyticsPanelSource';
import { DEFAULT_FILTERS } from '../../src/protocol';

/**
 * The analytics panel's host-side work on 10,000 records: what opening the panel costs
 * (scan + compute + build and serialize the message the page receives) and what a save
 * costs (the watcher names one file; re-read it, recompute, serialize). The page's drawing
 * is not included: it depends on the machine's GPU and is the same for any record count.
 */

export interface BenchRow {
  readonly name: string;
  readonly ms: number;
  readonly budgetMs: number;
  readonly ok: boolean;
}

const RECORDS = 10_000;
const ENVIRONMENTS = ['production', 'staging', 'development'];
const OPERATORS = ['alice', 'bob', 'carol', 'dave', '<img src=x onerror=alert(1)>'];
const OUTCOMES = ['✅ Succeeded', '❌ Failed', '↩️ Rolled back', '✅ Succeeded', '✅ Succeeded'];
/** Opening: the budget. */
const OPEN_BUDGET_MS = 1500;
/** A save must show within 300 ms, of which the watcher debounce takes 100 ms. */
const SAVE_BUDGET_MS = 300 - 100;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A record in the format Start Deployment writes, about 3 KB. */
function recordText(index: number): { name: string; text: string } {
  const start = new Date(Date.UTC(2020, 0, 1) + index * 3 * 3600 * 1000);
  const stamp = `${start.getUTCFullYear()}-${pad(start.getUTCMonth() + 1)}-${pad(start.getUTCDate())}`;
  const time = `${pad(start.getUTCHours())}:${pad(start.getUTCMinutes())}`;
  const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000).toISOString().replace('.000Z', 'Z');
  const name = `${stamp}-${time.replace(':', '-')}-deployment.md`;
  const steps = Array.from({ length: 30 }, (_, i) => `- [${i % 7 === 0 ? ' ' : 'x'}] **Step ${i + 1}**: run the documented command for step ${i + 1} and check its output`);
  const text = [
    '## Deployment Metadata',
    '',
    `- **Deployment ID**: DEP-${stamp}-${time.replace(':', '-')}`,
    `- **Start Time**: ${at(0)}`,
    `- **End Time**: ${at(12 + (index % 20))}`,
    `- **Operator**: ${OPERATORS[index % OPERATORS.length]}`,
    `- **Environment**: ${ENVIRONMENTS[index % ENVIRONMENTS.length]}`,
    '- **Git Branch**: main',
    `- **Git Commit**: ${(index * 2654435761 % 2 ** 32).toString(16).padStart(8, '0')}deadbeefcafe0000111122223333`,
    '',
    '## Deployment Metrics',
    '',
    `- **Planning Start**: ${at(0)}`,
    `- **Execution Start**: ${at(3)}`,
    `- **Validation Start**: ${at(9)}`,
    `- **Total Duration**: ${12 + (index % 20)} minutes`,
    `- **Success Status**: ${OUTCOMES[index % OUTCOMES.length]}`,
    '',
    '## Checklist',
    '',
    ...steps,
    ''
  ].join('\n');
  return { name, text };
}

/** Writes the 10,000-record corpus into `folder`; returns the file names, oldest first. */
export function writeCorpus(folder: string): string[] {
  fs.mkdirSync(folder, { recursive: true });
  const names: string[] = [];
  for (let i = 0; i < RECORDS; i++) {
    const { name, text } = recordText(i);
    fs.writeFileSync(path.join(folder, name), text);
    names.push(name);
  }
  return names;
}

function row(name: string, ms: number, budgetMs: number): BenchRow {
  return { name, ms: Math.round(ms * 10) / 10, budgetMs, ok: ms <= budgetMs };
}

export async function run(): Promise<BenchRow[]> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'deployment-records-panel-bench-'));
  try {
    const folder = path.join(root, 'checklists');
    const names = writeCorpus(folder);
    const analyzer = createFolderAnalyzer(folder);

    let started = performance.now();
    const opened = await buildPanelMessage(analyzer, DEFAULT_FILTERS, 'deployments/checklists');
    const openBytes = JSON.stringify(opened).length;
    const openMs = performance.now() - started;
    if (opened.type !== 'dashboard' || opened.model.records !== RECORDS) {
      throw new Error(`the panel saw ${opened.type === 'dashboard' ? opened.model.records : opened.type} instead of ${RECORDS} records`);
    }

    const changed = names[names.length - 1];
    const file = path.join(folder, changed);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('✅ Succeeded', '❌ Failed'));
    started = performance.now();
    analyzer.noteChanged(changed);
    const saved = await buildPanelMessage(analyzer, DEFAULT_FILTERS, 'deployments/checklists');
    JSON.stringify(saved);
    const saveMs = performance.now() - started;

    started = performance.now();
    const filtered = await buildPanelMessage(analyzer, { environment: 'staging', range: '365d' }, 'deployments/checklists');
    JSON.stringify(filtered);
    const filterMs = performance.now() - started;

    return [
      row(`panel: open on ${RECORDS} records (scan + compute + serialize ${Math.round(openBytes / 1024)} KB)`, openMs, OPEN_BUDGET_MS),
      row('panel: one record saved (re-read one file + compute + serialize)', saveMs, SAVE_BUDGET_MS),
      row('panel: change the environment filter (cached scan, one compute)', filterMs, SAVE_BUDGET_MS)
    ];
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().then(
    (rows) => {
      for (const r of rows) {
        console.log(`${r.ok ? 'ok  ' : 'SLOW'} ${r.ms.toFixed(1).padStart(8)} ms  (budget ${r.budgetMs} ms)  ${r.name}`);
      }
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    }
  );
}
