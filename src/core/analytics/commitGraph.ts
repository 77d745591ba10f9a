/**
 * The commit graph as `git rev-list --parents --topo-order` prints it, and the count that
 * `git rev-list --count older..newer` gives, worked out in memory: one git process for every
 * range in a folder of records rather than one process per deployment.
 */
export interface CommitGraph {
  /** Position of each commit in topological order: every child comes before its parents. */
  readonly position: ReadonlyMap<string, number>;
  /** Parents of the commit at each position, as positions. */
  readonly parents: readonly (readonly number[])[];
}

/** Reads `<commit> <parent>…` lines, children first (`--topo-order`). */
export function readCommitGraph(output: Buffer | string): CommitGraph {
  const text = typeof output === 'string' ? output : output.toString('latin1');
  const lines = text.split('\n').filter((line) => line.length > 0);
  const position = new Map<string, number>();
  lines.forEach((line, i) => position.set(line.slice(0, line.indexOf(' ') === -1 ? line.length : line.indexOf(' ')), i));
  const parents = lines.map((line) =>
    line
      .split(' ')
      .slice(1)
      .map((id) => position.get(id))
      // A parent missing from the list lies beyond a shallow clone's boundary; git stops there too.
      .filter((p): p is number => p !== undefined)
  );
  return { position, parents };
}

/**
 * Whether every one of `tips` is `base` or descends from it in the graph. When it holds, a
 * graph read only down to `base` (its parents' history left out) counts every range between
 * the tips as the whole history would: what lies below `base` is reachable from every tip,
 * so no range holds any of it.
 */
export function allDescendFrom(graph: CommitGraph, base: string, tips: readonly string[]): boolean {
  const from = graph.position.get(base);
  if (from === undefined) {
    return false;
  }
  // Parents come after their children, so walking from the oldest end settles each commit
  // after all its parents.
  const descends = new Uint8Array(graph.parents.length);
  descends[from] = 1;
  for (let i = from - 1; i >= 0; i--) {
    if (graph.parents[i].some((p) => descends[p] === 1)) {
      descends[i] = 1;
    }
  }
  return tips.every((tip) => descends[graph.position.get(tip) ?? -1] === 1);
}

const FROM_NEWER = 1;
const FROM_OLDER = 2;

/**
 * Commits reachable from `newer` and not from `older` (full ids), or undefined when either
 * is not in the graph. Walks down from both at once in topological order, marking what each
 * reaches, as git does, and stops when nothing is left that only `newer` reaches: a commit
 * is counted once all its children have been seen, so its marks are final. Consecutive
 * deployments are a few commits apart, so a walk touches a few commits, not the history.
 */
export function countCommitsBetween(graph: CommitGraph, older: string, newer: string): number | undefined {
  const from = graph.position.get(newer);
  const stop = graph.position.get(older);
  if (from === undefined || stop === undefined) {
    return undefined;
  }
  const marks = new Map<number, number>([[from, FROM_NEWER]]);
  marks.set(stop, (marks.get(stop) ?? 0) | FROM_OLDER);
  const queue = new MinHeap();
  queue.push(from);
  if (stop !== from) {
    queue.push(stop);
  }
  let onlyNewer = marks.get(from) === FROM_NEWER ? 1 : 0;
  let count = 0;
  while (onlyNewer > 0 && queue.size > 0) {
    const at = queue.pop();
    const mark = marks.get(at) as number;
    if (mark === FROM_NEWER) {
      count++;
      onlyNewer--;
    }
    for (const parent of graph.parents[at]) {
      const before = marks.get(parent) ?? 0;
      const after = before | mark;
      if (after === before) {
        continue;
      }
      marks.set(parent, after);
      if (before === 0) {
        queue.push(parent);
      }
      if (after === FROM_NEWER) {
        onlyNewer++;
      } else if (before === FROM_NEWER) {
        onlyNewer--;
      }
    }
  }
  return count;
}

/** A binary min-heap of positions: the walk always takes the newest commit left. */
class MinHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const items = this.items;
    items.push(value);
    let i = items.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (items[up] <= value) {
        break;
      }
      items[i] = items[up];
      i = up;
    }
    items[i] = value;
  }

  pop(): number {
    const items = this.items;
    const top = items[0];
    const last = items.pop() as number;
    if (items.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= items.length) {
          break;
        }
        const child = left + 1 < items.length && items[left + 1] < items[left] ? left + 1 : left;
        if (items[child] >= last) {
          break;
        }
        items[i] = items[child];
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}
