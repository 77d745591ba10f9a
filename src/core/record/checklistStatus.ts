import type { ItemStatus } from './recordTypes';

/** Where a checklist item's status marker sits in its line, in UTF-16 offsets. */
export interface DetectedItem {
  readonly status: ItemStatus;
  /** Columns of leading whitespace (a tab advances to the next multiple of 4). */
  readonly indent: number;
  /** Start of the marker that carries the status: the `[…]` box, or the status emoji. */
  readonly markerStart: number;
  /** End (exclusive) of that marker. */
  readonly markerEnd: number;
  /** Start of the item text, after the bullet and any leading marker. */
  readonly textStart: number;
}

/** Human-readable names for each status, for hovers, tooltips and reports. */
export const STATUS_LABELS: Record<ItemStatus, string> = {
  done: 'Done',
  failed: 'Failed',
  inProgress: 'In progress',
  skipped: 'Skipped',
  blocked: 'Blocked',
  pending: 'Pending'
};

// Bullet (`-`, `*`, `+`, `1.`, `1)`) followed by at least one space; the rest is matched by hand
// so that no pattern can backtrack over a long line.
const BULLET = /^([ \t]*)(?:[-*+]|\d{1,9}[.)])(?=[ \t])/;

// Emoji that mean a status, with or without the U+FE0F variation selector.
const EMOJI_STATUS: ReadonlyArray<readonly [string, ItemStatus]> = [
  ['✅', 'done'],
  ['✔️', 'done'],
  ['✔', 'done'],
  ['☑️', 'done'],
  ['☑', 'done'],
  ['❌', 'failed'],
  ['✖️', 'failed'],
  ['✖', 'failed'],
  ['🔄', 'inProgress'],
  ['🚧', 'inProgress'],
  ['⏳', 'inProgress'],
  ['⏭️', 'skipped'],
  ['⏭', 'skipped'],
  ['⚠️', 'blocked'],
  ['⚠', 'blocked'],
  ['⛔', 'blocked'],
  ['🚫', 'blocked']
];

const BOX_STATUS: Readonly<Record<string, ItemStatus>> = {
  '': 'pending',
  ' ': 'pending',
  x: 'done',
  X: 'done',
  '~': 'inProgress',
  '/': 'inProgress',
  '-': 'skipped',
  '>': 'skipped',
  '!': 'blocked'
};

// Every status emoji starts at or above U+23ED (⏭), so most characters are rejected at once.
const LOWEST_EMOJI_CODE = 0x23ed;

function statusOfEmojiAt(line: string, pos: number): { status: ItemStatus; length: number } | undefined {
  if (!(line.charCodeAt(pos) >= LOWEST_EMOJI_CODE)) {
    return undefined;
  }
  for (const [emoji, status] of EMOJI_STATUS) {
    if (line.startsWith(emoji, pos)) {
      let length = emoji.length;
      if (line.charCodeAt(pos + length) === 0xfe0f) {
        length++;
      }
      return { status, length };
    }
  }
  return undefined;
}

function statusOfBox(inner: string): ItemStatus | undefined {
  const trimmed = inner.trim();
  const known = BOX_STATUS[inner] ?? BOX_STATUS[trimmed];
  if (known) {
    return known;
  }
  const emoji = statusOfEmojiAt(trimmed, 0);
  return emoji && emoji.length === trimmed.length ? emoji.status : undefined;
}

function columnsOf(whitespace: string): number {
  let col = 0;
  for (const ch of whitespace) {
    col = ch === '\t' ? col + 4 - (col % 4) : col + 1;
  }
  return col;
}

function skipSpaces(line: string, pos: number): number {
  while (pos < line.length && (line[pos] === ' ' || line[pos] === '\t')) {
    pos++;
  }
  return pos;
}

/** A status emoji at the very end of the line (ignoring trailing spaces), if any. */
function trailingEmoji(line: string, from: number): { status: ItemStatus; start: number; end: number } | undefined {
  let end = line.length;
  while (end > from && (line[end - 1] === ' ' || line[end - 1] === '\t')) {
    end--;
  }
  // The longest status emoji is 3 UTF-16 units (surrogate pair + variation selector).
  for (let start = Math.max(from, end - 3); start < end; start++) {
    const found = statusOfEmojiAt(line, start);
    if (found && start + found.length === end) {
      // A trailing emoji only counts when it is separated from the text.
      if (start === from || line[start - 1] === ' ' || line[start - 1] === '\t') {
        return { status: found.status, start, end };
      }
    }
  }
  return undefined;
}

/**
 * Recognises a checklist item and its status. Understands task boxes (`- [ ]`, `- []`,
 * `- [x]`, `- [X]`, `- [~]`, `- [⚠️]`, `- [❌]`…), a status emoji used as the marker
 * (`- ✅ item`), and a status emoji trailing the text (`- [x] item ✅`, `- item ✅`). When
 * a line has both a box and a trailing emoji the box wins, except that an empty box with a
 * trailing emoji takes the emoji's status (`- [ ] item ❌` is failed). Bullets may be `-`,
 * `*`, `+` or numbered. Returns undefined for anything that is not an item; never throws.
 */
export function detectItemStatus(line: string): DetectedItem | undefined {
  if (typeof line !== 'string' || line.length === 0) {
    return undefined;
  }
  const bullet = BULLET.exec(line);
  if (!bullet) {
    return undefined;
  }
  const indent = columnsOf(bullet[1]);
  const afterBullet = skipSpaces(line, bullet[0].length);

  if (line[afterBullet] === '[') {
    // A box holds at most a few characters; `[link](…)` or `[PENDING]` text is not a box.
    const close = line.indexOf(']', afterBullet + 1);
    if (close !== -1 && close - afterBullet <= 5 && line[close + 1] !== '(') {
      const boxStatus = statusOfBox(line.slice(afterBullet + 1, close));
      if (boxStatus) {
        const textStart = skipSpaces(line, close + 1);
        let status = boxStatus;
        if (boxStatus === 'pending') {
          const trailing = trailingEmoji(line, textStart);
          if (trailing && trailing.start > textStart) {
            status = trailing.status;
          }
        }
        return { status, indent, markerStart: afterBullet, markerEnd: close + 1, textStart };
      }
    }
  }

  const leading = statusOfEmojiAt(line, afterBullet);
  if (leading) {
    const markerEnd = afterBullet + leading.length;
    return { status: leading.status, indent, markerStart: afterBullet, markerEnd, textStart: skipSpaces(line, markerEnd) };
  }

  const trailing = trailingEmoji(line, afterBullet);
  if (trailing && trailing.start > afterBullet) {
    return { status: trailing.status, indent, markerStart: trailing.start, markerEnd: trailing.end, textStart: afterBullet };
  }
  return undefined;
}

const NEXT_STATUS: Readonly<Record<ItemStatus, ItemStatus>> = {
  pending: 'inProgress',
  inProgress: 'done',
  // A blocked step that gets attention is in progress again.
  blocked: 'inProgress',
  done: 'failed',
  failed: 'skipped',
  skipped: 'pending'
};

const BOX_FOR: Readonly<Record<ItemStatus, string>> = {
  pending: '[ ]',
  inProgress: '[🔄]',
  done: '[x]',
  failed: '[❌]',
  skipped: '[⏭️]',
  blocked: '[⚠️]'
};

const EMOJI_FOR: Readonly<Record<ItemStatus, string>> = {
  pending: '[ ]',
  inProgress: '🔄',
  done: '✅',
  failed: '❌',
  skipped: '⏭️',
  blocked: '⚠️'
};

/**
 * Moves an item to its next status: pending → in progress → done → failed → skipped →
 * pending (blocked → in progress). Box items keep their box (`[ ]`→`[🔄]`→`[x]`→`[❌]`→
 * `[⏭️]`→`[ ]`); emoji items keep a leading emoji, and become a `[ ]` box when pending.
 * A trailing status emoji is dropped, because it would otherwise contradict the new status.
 * A line that is not an item becomes `- [ ] line`, keeping its indentation.
 */
export function cycleItemLine(line: string): string {
  const item = detectItemStatus(line);
  if (!item) {
    const bullet = BULLET.exec(line);
    if (bullet) {
      const textStart = skipSpaces(line, bullet[0].length);
      return `${line.slice(0, bullet[0].length)} [ ] ${line.slice(textStart)}`;
    }
    const indentEnd = skipSpaces(line, 0);
    return `${line.slice(0, indentEnd)}- [ ] ${line.slice(indentEnd)}`;
  }
  const next = NEXT_STATUS[item.status];
  const isBox = line[item.markerStart] === '[';
  const markerLeads = item.markerStart < item.textStart;

  let text = line.slice(item.textStart);
  if (markerLeads) {
    const trailing = trailingEmoji(line, item.textStart);
    if (trailing && trailing.start > item.textStart) {
      text = line.slice(item.textStart, trailing.start).replace(/[ \t]+$/, '');
    }
  } else {
    // The emoji trailed the text: it was the marker, so drop it and lead with the new one.
    text = line.slice(item.textStart, item.markerStart).replace(/[ \t]+$/, '');
  }
  const prefix = line.slice(0, markerLeads ? item.markerStart : item.textStart);
  const marker = isBox ? BOX_FOR[next] : EMOJI_FOR[next];
  return `${prefix}${marker}${text.length > 0 ? ' ' : ''}${text}`;
}
