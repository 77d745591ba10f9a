/**
 * `memo`'s value for `key`, computed and remembered on first use. Records repeat the same
 * keys, headings and values thousands of times, so parsing and analytics remember readings
 * rather than redo them; the bound keeps hostile input (a folder of ever-new keys) from
 * growing a memo without end: a full memo starts over. `undefined` and `null` answers are
 * remembered too.
 */
export function remembered<K, V>(memo: Map<K, V>, key: K, compute: (key: K) => V, limit = 2000): V {
  let value = memo.get(key);
  if (value === undefined && !memo.has(key)) {
    value = compute(key);
    if (memo.size >= limit) {
      memo.clear();
    }
    memo.set(key, value);
  }
  return value as V;
}
