import { useState } from 'react';

let nextKey = 1;
const fresh = (count: number) => Array.from({ length: count }, () => nextKey++);

/** Stable React keys for the rows of a list value, moved with the rows so focus and local text follow a row. */
export interface RowKeys {
  keys: readonly number[];
  /** Call alongside the list edit that appends a row. */
  added(): void;
  removed(index: number): void;
  moved(from: number, to: number): void;
}

/**
 * Keys for a list of `length` rows that carry no id of their own. A length the widget did not produce (undo,
 * another editor) starts a fresh set of keys.
 */
export function useRowKeys(length: number): RowKeys {
  const [keys, setKeys] = useState(() => fresh(length));
  let current = keys;
  if (keys.length !== length) {
    current = fresh(length);
    setKeys(current);
  }
  return {
    keys: current,
    added: () => setKeys([...current, ...fresh(1)]),
    removed: (index) => setKeys(current.filter((_, i) => i !== index)),
    moved: (from, to) => setKeys(move(current, from, to)),
  };
}

/** A copy of `list` with the item at `from` moved to `to`. */
export function move<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}
