/**
 * A memo keyed by a span of a string, looked up without slicing the span out. The analytics
 * readers walk each file as one latin1 string and meet the same few dozen keys, headings and
 * values in every record: slicing each into a new string only to hash it in a Map cost more
 * than the rest of reading a line. Here a few of the span's characters are hashed in place
 * and the span is compared with the stored key by `startsWith`; a string is made only when
 * a new key is stored.
 *
 * Bounded like `remembered`: a full memo starts over, so hostile input (ever-new keys) cannot
 * grow it without end.
 */
/** Slots looked at before a lookup gives up. */
const MAX_PROBES = 8;

export class SpanMemo<V> {
  private readonly hashes: Int32Array;
  private readonly keys: (string | undefined)[];
  private readonly values: (V | undefined)[];
  private readonly mask: number;
  private size = 0;
  /** Hash of the span last looked up, reused by `set` right after a miss. */
  private lastHash = 0;

  /** `limit` entries at most; the table has a power of two slots, at least twice as many. */
  constructor(private readonly limit = 2000) {
    let slots = 16;
    while (slots < limit * 2) {
      slots *= 2;
    }
    this.hashes = new Int32Array(slots);
    this.keys = new Array<string | undefined>(slots).fill(undefined);
    this.values = new Array<V | undefined>(slots).fill(undefined);
    this.mask = slots - 1;
  }

  /** The value stored for `text.slice(start, end)`, or undefined. */
  get(text: string, start: number, end: number): V | undefined {
    // The hash samples the length and a few characters: the spans looked up (keys, headings,
    // values) differ there, and the comparison below is one native call however long the
    // span. Probing stops after a few slots, so crafted collisions cost a miss, not a scan.
    const length = end - start;
    let h = Math.imul(length, 0x9e3779b1);
    if (length >= 2) {
      h = Math.imul(h ^ text.charCodeAt(start), 0x01000193);
      h = Math.imul(h ^ text.charCodeAt(start + 1), 0x01000193);
      h = Math.imul(h ^ text.charCodeAt(start + (length >> 1)), 0x01000193);
      h = Math.imul(h ^ text.charCodeAt(end - 2), 0x01000193);
      h = Math.imul(h ^ text.charCodeAt(end - 1), 0x01000193);
    } else if (length === 1) {
      h = Math.imul(h ^ text.charCodeAt(start), 0x01000193);
    }
    this.lastHash = h;
    let slot = h & this.mask;
    for (let probe = 0; probe < MAX_PROBES; probe++, slot = (slot + 1) & this.mask) {
      const key = this.keys[slot];
      if (key === undefined) {
        return undefined;
      }
      if (this.hashes[slot] === h && key.length === length && text.startsWith(key, start)) {
        return this.values[slot];
      }
    }
    return undefined;
  }

  /** Stores `value` for the span; call right after a `get` of the same span missed. */
  set(text: string, start: number, end: number, value: V): void {
    if (this.size >= this.limit) {
      this.keys.fill(undefined);
      this.values.fill(undefined);
      this.size = 0;
    }
    const h = this.lastHash;
    let slot = h & this.mask;
    for (let probe = 0; this.keys[slot] !== undefined; probe++, slot = (slot + 1) & this.mask) {
      if (probe === MAX_PROBES) {
        return; // a crowded neighbourhood: this span is worked out each time instead
      }
    }
    this.hashes[slot] = h;
    this.keys[slot] = copyOf(text.slice(start, end));
    this.values[slot] = value;
    this.size++;
  }
}

/**
 * The span as a string of its own. V8 keeps a slice of a long string as a view of the whole,
 * so a stored slice would keep the whole file's text alive for as long as the memo holds it.
 * The texts are latin1 decodings (every character below 256); any other character would
 * only make the key miss, never match wrongly.
 */
function copyOf(span: string): string {
  return Buffer.from(span, 'latin1').toString('latin1');
}
