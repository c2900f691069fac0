/**
 * Paths into JSON values, as templates and conditions write them: `user.id`, `items[0].name`, `headers["x-id"]`.
 * Parsed by a hand-written scanner (no regular expression over user text, nothing evaluated); only own properties
 * are read, so `constructor` or `__proto__` find nothing.
 */
export type PathSegment = string | number;

export class PathError extends Error {}

/** Splits a path into segments; the empty path (or only whitespace) is the value itself. Throws PathError. */
export function parsePath(path: string): PathSegment[] {
  const src = path.trim();
  const segments: PathSegment[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new PathError(`invalid path "${path}": ${why} at position ${i + 1}`);
  };
  while (i < src.length) {
    const ch = src[i] as string;
    if (ch === '[') {
      i++;
      if (src[i] === '"' || src[i] === "'") {
        const quote = src[i];
        i++;
        let key = '';
        while (i < src.length && src[i] !== quote) {
          if (src[i] === '\\' && i + 1 < src.length) i++;
          key += src[i];
          i++;
        }
        if (src[i] !== quote) fail('unterminated quoted key');
        i++;
        segments.push(key);
      } else {
        const start = i;
        while (i < src.length && src[i] !== undefined && (src[i] as string) >= '0' && (src[i] as string) <= '9') i++;
        if (i === start) fail('expected an index or a quoted key');
        segments.push(Number(src.slice(start, i)));
      }
      if (src[i] !== ']') fail('expected ]');
      i++;
    } else if (ch === '.') {
      if (segments.length === 0 || i + 1 >= src.length) fail('unexpected .');
      i++;
      if (src[i] === '.' || src[i] === '[') fail('expected a name after .');
    } else {
      if (segments.length > 0 && src[i - 1] !== '.') fail('expected . or [');
      const start = i;
      while (i < src.length && isNameChar(src[i] as string)) i++;
      if (i === start) fail(`unexpected "${ch}"`);
      segments.push(src.slice(start, i));
    }
  }
  return segments;
}

function isNameChar(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_' || c === '$' || c === '-';
}

/** The value at `segments` inside `root`; `found: false` when a step is missing (or not an own property). */
export function getPath(root: unknown, segments: readonly PathSegment[]): { found: boolean; value?: unknown } {
  let current: unknown = root;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return { found: false };
    if (Array.isArray(current)) {
      const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : Number.NaN;
      if (!(index >= 0 && index < current.length)) return { found: false };
      current = current[index];
    } else {
      const key = String(segment);
      if (!Object.hasOwn(current, key)) return { found: false };
      current = (current as Record<string, unknown>)[key];
    }
  }
  return { found: true, value: current };
}
