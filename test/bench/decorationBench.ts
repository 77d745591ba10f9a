import MarkdownIt from 'markdown-it';
import { classifyChecklistLines, createChecklistClassifier, splitLines } from '../../src/core/markdown/checklistLines';
import { findPlaceholders } from '../../src/core/markdown/recordPlaceholders';
import { deploymentStatusPlugin } from '../../src/core/markdown/statusPlugin';

/**
 * What one edit of a 10,000-line record costs the editor: the decorations re-split and
 * re-classify the whole text (no incremental state to get wrong), so that pass must stay
 * well inside 10 ms. Placeholder scanning and the preview render are measured alongside.
 */

const LINES = 10_000;
const EDIT_BUDGET_MS = 10;

const SAMPLES = [
  '- [x] **Environment variables loaded**: `mise env` shows TF_VAR_* values ✅',
  '- [ ] **Monitor progress**: Watch Proxmox console for VM creation',
  '- ✅ **Initialize Terraform**: `mise run prod-init`',
  '- [⚠️] **Deploy infrastructure**: `mise run deploy-terraform` - **BLOCKED: SSH Auth Issue**',
  '  - Error: `ssh: unable to authenticate, attempted methods [none]`',
  '- ❌ **Smoke tests**: `mise run smoke-test`',
  '- 🔄 **Wait for cloud-init**: ~30-60 seconds for initial boot',
  '- ⏭️ **Docker check**: `mise run smoke-test-docker`',
  'Plain prose between the steps, describing what was seen and why it matters.',
  '',
  '## Section heading 🚀',
  '```bash',
  'terraform destroy -target=module.jump_man -auto-approve',
  '```'
];

/** A record of `LINES` lines mixing every marker style, prose, headings and code. */
export function largeRecord(): string {
  const lines = ['## Deployment Metadata', '', '- **Start Time**: 2025-09-05 18:41:13', '- **Planning Start**: [AUTO-FILLED]', '', '## Steps'];
  for (let i = lines.length; i < LINES; i++) {
    lines.push(SAMPLES[i % SAMPLES.length]);
  }
  return lines.join('\n');
}

/** Median of `runs` timings; `work` may time itself (return ms) to leave set-up out. */
function medianMs(runs: number, work: () => number | void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const own = work();
    times.push(typeof own === 'number' ? own : Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Benchmarks for test/bench/runBenchmarks.ts. */
export async function run(): Promise<{ name: string; value: number; unit: string; target?: string }[]> {
  const text = largeRecord();
  let found = 0;
  const classify = medianMs(50, () => {
    found = classifyChecklistLines(splitLines(text)).length;
  });
  if (found === 0) {
    throw new Error('the benchmark record has no checklist items: the measurement would be meaningless');
  }
  // What the editor does: one classifier per document, fed the whole text after each edit.
  const classifier = createChecklistClassifier();
  classifier(splitLines(text));
  let edit = 0;
  const incremental = medianMs(50, () => {
    edit++;
    // Alternate between changing a line in place and inserting one, as typing does.
    const edited = edit % 2 === 0
      ? text.replace('- [ ] **Monitor progress**', `- [x] **Monitor progress ${edit}**`)
      : text.replace('\n## Steps\n', `\n## Steps\n- [ ] inserted ${edit}\n`);
    const start = process.hrtime.bigint();
    classifier(splitLines(edited));
    return Number(process.hrtime.bigint() - start) / 1e6;
  });
  const placeholders = medianMs(20, () => {
    findPlaceholders(text);
  });
  const md = new MarkdownIt().use(deploymentStatusPlugin);
  const preview = medianMs(5, () => {
    md.render(text, { currentDocument: 'deployments/checklists/bench.md' });
  });
  return [
    { name: `decorations: update per edit of a ${LINES.toLocaleString('en')}-line record`, value: round(incremental), unit: 'ms', target: `≤ ${EDIT_BUDGET_MS} ms` },
    { name: `decorations: classify a ${LINES.toLocaleString('en')}-line record from scratch (opening it)`, value: round(classify), unit: 'ms' },
    { name: `placeholder scan of ${LINES.toLocaleString('en')}-line record`, value: round(placeholders), unit: 'ms' },
    { name: `preview render of ${LINES.toLocaleString('en')}-line record with status plugin`, value: round(preview), unit: 'ms' }
  ];
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

if (require.main === module) {
  void run().then((rows) => {
    for (const row of rows) {
      console.log(`${row.name}: ${row.value} ${row.unit}${row.target ? ` (target ${row.target})` : ''}`);
    }
  });
}
