/**
 * Which lines of a markdown text are code or raw HTML, read one line at a time the way
 * markdown-it (and so the markdown preview) reads them: a list-item-looking line inside a
 * fenced code block or an HTML block is not a list item, so it is never a checklist step.
 *
 * The reading needs no list context: a fence or an HTML block opened four or more columns
 * in is one inside a list item (markdown-it) or an indented code block (CommonMark at the
 * top level), and either way it also ends at the first non-blank line that is indented
 * less than its opening line, where the list item or the indented code ends.
 */

/** Where a line-by-line reading stands with respect to code and HTML blocks. */
export interface MarkdownBlockState {
  /** The opening fence (its run of backticks or tildes) while inside a fenced code block. */
  fence: string | undefined;
  /** Zero-based line of that opening fence. */
  fenceLine: number;
  /** Columns of indentation before the opening fence. */
  fenceIndent: number;
  /** While inside an HTML block, its CommonMark kind (1–7, which says how it ends); 0 outside. */
  html: number;
  /** Zero-based line where that HTML block opened. */
  htmlLine: number;
  /** Columns of indentation before the tag that opened it. */
  htmlIndent: number;
  /**
   * Whether the line before left a paragraph open, which a lone tag (`<span>`) cannot
   * interrupt. Set by the caller for every line this module leaves to it.
   */
  paragraph: boolean;
}

/** What `readBlockLine` found: a line of a fenced code block, a line of an HTML block, or neither. */
export type BlockLine = 'code' | 'html' | undefined;

/** The first HTML block kind that ends at a blank line (6, a block tag, and 7, a lone tag); kinds 1–5 end at a marker. */
const HTML_ENDS_AT_BLANK = 6;
const LONE_TAG = 7;

// CommonMark's HTML block starts, as markdown-it tests them on the text from the `<` on.
const RAW_TEXT_START = /^<(?:script|pre|style|textarea)(?=\s|>|$)/i;
const RAW_TEXT_END = /<\/(?:script|pre|style|textarea)>/i;
const BLOCK_TAG_START = new RegExp(
  '^</?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|' +
  'fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|' +
  'nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?=\\s|/?>|$)',
  'i'
);

/**
 * Whether the reading stands inside an HTML block that only a marker ends (`<!--` still
 * waiting for its `-->`): at the end of a text, the rest of it was raw HTML. A block that
 * ends at a blank line (`<details>`) may end with the text.
 */
export function isInUnclosedHtml(state: MarkdownBlockState): boolean {
  return state.html !== 0 && state.html < HTML_ENDS_AT_BLANK;
}

/** Columns of the spaces and tabs in [start, at) of `text` (a tab advances to the next multiple of 4). */
export function indentColumns(text: string, at: number, start = 0): number {
  let col = 0;
  for (let i = start; i < at; i++) {
    col = text.charCodeAt(i) === 0x09 ? col + 4 - (col % 4) : col + 1;
  }
  return col;
}

/**
 * Reads line `i` (no line break; `at` is the index just past its leading spaces and tabs)
 * into `state`. Returns 'code' for a fence or a line inside a fenced code block, 'html' for
 * a line of an HTML block, and undefined for any other line, which the caller reads (and
 * for which it sets `state.paragraph`). Never throws; linear in the line's length.
 */
export function readBlockLine(state: MarkdownBlockState, line: string, at: number, i: number): BlockLine {
  const blank = at >= line.length;
  if (state.fence !== undefined) {
    if (blank) {
      return 'code';
    }
    if (isClosingFence(line, at, state.fence) && indentColumns(line, at) <= state.fenceIndent + 3) {
      state.fence = undefined;
      state.paragraph = false;
      return 'code';
    }
    if (state.fenceIndent < 4 || indentColumns(line, at) >= state.fenceIndent) {
      return 'code';
    }
    // Less indented than a fence that was opened inside a list item: the item, and so the block, has ended.
    state.fence = undefined;
  } else if (state.html !== 0) {
    if (blank && state.html >= HTML_ENDS_AT_BLANK) {
      state.html = 0;
      return undefined;
    }
    if (blank || state.htmlIndent < 4 || indentColumns(line, at) >= state.htmlIndent) {
      if (state.html < HTML_ENDS_AT_BLANK && endsHtmlBlock(state.html, line)) {
        state.html = 0;
        state.paragraph = false;
      }
      return 'html';
    }
    state.html = 0;
  }
  if (blank) {
    return undefined;
  }
  const first = line.charCodeAt(at);
  if (first === 0x60 || first === 0x7e) {
    const fence = openingFence(line, at);
    if (fence !== undefined) {
      state.fence = fence;
      state.fenceLine = i;
      state.fenceIndent = indentColumns(line, at);
      state.paragraph = false;
      return 'code';
    }
    return undefined;
  }
  if (first === 0x3c) {
    const text = line.slice(at);
    const kind = htmlBlockKind(text, state.paragraph);
    if (kind !== 0) {
      if (kind >= HTML_ENDS_AT_BLANK || !endsHtmlBlock(kind, text)) {
        state.html = kind;
        state.htmlLine = i;
        state.htmlIndent = indentColumns(line, at);
      }
      state.paragraph = false;
      return 'html';
    }
  }
  return undefined;
}

/** The run of three or more backticks or tildes that opens a fence at `at`, or undefined. */
function openingFence(line: string, at: number): string | undefined {
  const marker = line.charCodeAt(at);
  let end = at;
  while (line.charCodeAt(end) === marker) {
    end++;
  }
  if (end - at < 3) {
    return undefined;
  }
  // A backtick fence's info string holds no backtick: ```` ```run``` ```` is inline code.
  if (marker === 0x60 && line.indexOf('`', end) !== -1) {
    return undefined;
  }
  return line.slice(at, end);
}

/** Whether the line is a run of the fence's character, at least as long, and nothing else but spaces. */
function isClosingFence(line: string, at: number, fence: string): boolean {
  const marker = fence.charCodeAt(0);
  let end = at;
  while (line.charCodeAt(end) === marker) {
    end++;
  }
  if (end - at < fence.length) {
    return false;
  }
  return line.slice(end).trim().length === 0;
}

/** CommonMark's kind (1–7) of the HTML block that `text` (from its `<`) opens, or 0. */
function htmlBlockKind(text: string, paragraph: boolean): number {
  const second = text.charCodeAt(1);
  if (second === 0x21) {
    // `<!`
    if (text.startsWith('<!--')) {
      return 2;
    }
    if (text.startsWith('<![CDATA[')) {
      return 5;
    }
    const c = text.charCodeAt(2) | 0x20;
    return c >= 0x61 && c <= 0x7a ? 4 : 0;
  }
  if (second === 0x3f) {
    return 3;
  }
  if (RAW_TEXT_START.test(text)) {
    return 1;
  }
  if (BLOCK_TAG_START.test(text)) {
    return 6;
  }
  // A lone tag opens a block, but cannot interrupt a paragraph: it then continues the paragraph.
  return !paragraph && isLoneTag(text) ? LONE_TAG : 0;
}

/** Whether text of an HTML block of kind 1–5 holds the marker that ends it. */
function endsHtmlBlock(kind: number, text: string): boolean {
  switch (kind) {
    case 1: return RAW_TEXT_END.test(text);
    case 2: return text.includes('-->');
    case 3: return text.includes('?>');
    case 4: return text.includes('>');
    case 5: return text.includes(']]>');
    default: return false;
  }
}

/** JavaScript's `\s`, which markdown-it's tag patterns use. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x80 && /\s/.test(String.fromCharCode(c)));
}

function isLetter(c: number): boolean {
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function skipSpaces(text: string, pos: number): number {
  while (pos < text.length && isSpace(text.charCodeAt(pos))) {
    pos++;
  }
  return pos;
}

/**
 * Whether `text` is one complete open or close tag followed by nothing but spaces: markdown-it's
 * `HTML_OPEN_CLOSE_TAG_RE` and `\s*$`, scanned by hand so that a long line costs linear time.
 */
function isLoneTag(text: string): boolean {
  let pos = 1;
  const closing = text.charCodeAt(pos) === 0x2f;
  if (closing) {
    pos++;
  }
  if (!isLetter(text.charCodeAt(pos))) {
    return false;
  }
  pos++;
  while (isLetter(text.charCodeAt(pos)) || isDigit(text.charCodeAt(pos)) || text.charCodeAt(pos) === 0x2d) {
    pos++;
  }
  if (!closing) {
    for (;;) {
      const afterSpace = skipSpaces(text, pos);
      if (afterSpace === pos || !isAttributeNameStart(text.charCodeAt(afterSpace))) {
        pos = afterSpace;
        break;
      }
      pos = afterSpace + 1;
      while (isAttributeNameChar(text.charCodeAt(pos))) {
        pos++;
      }
      const equals = skipSpaces(text, pos);
      if (text.charCodeAt(equals) === 0x3d) {
        const valueEnd = attributeValueEnd(text, skipSpaces(text, equals + 1));
        if (valueEnd === -1) {
          return false;
        }
        pos = valueEnd;
      }
    }
    if (text.charCodeAt(pos) === 0x2f) {
      pos++;
    }
  } else {
    pos = skipSpaces(text, pos);
  }
  if (text.charCodeAt(pos) !== 0x3e) {
    return false;
  }
  return skipSpaces(text, pos + 1) === text.length;
}

function isAttributeNameStart(c: number): boolean {
  return isLetter(c) || c === 0x5f || c === 0x3a;
}

function isAttributeNameChar(c: number): boolean {
  return isAttributeNameStart(c) || isDigit(c) || c === 0x2e || c === 0x2d;
}

/** End of a quoted or unquoted attribute value starting at `pos`, or -1 when there is none. */
function attributeValueEnd(text: string, pos: number): number {
  const quote = text.charCodeAt(pos);
  if (quote === 0x22 || quote === 0x27) {
    const close = text.indexOf(quote === 0x22 ? '"' : "'", pos + 1);
    return close === -1 ? -1 : close + 1;
  }
  let end = pos;
  for (;;) {
    const c = text.charCodeAt(end);
    // Unquoted: anything but quotes, `=`, `<`, `>`, a backtick, spaces and control characters.
    if (Number.isNaN(c) || c <= 0x20 || c === 0x22 || c === 0x27 || c === 0x3d || c === 0x3c || c === 0x3e || c === 0x60) {
      break;
    }
    end++;
  }
  return end === pos ? -1 : end;
}
