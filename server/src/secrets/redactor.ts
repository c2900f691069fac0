import { LINE_TRUNCATED_MARK } from '../runtimes/line-splitter.ts';

/** Hides secret values in text and in JSON-like values before they reach logs, events or responses. */
export interface Redactor {
  /** `text` with every known form of every secret replaced; a line cut at the log cap (ends with the cut mark) also loses a trailing partial form. */
  text(text: string): string;
  /** A copy of a JSON-like value with strings, object keys and numbers redacted (a number whose decimal text holds a secret, or that equals a numeric secret, becomes the placeholder). */
  value<T>(value: T): T;
}

/** Shown in place of a secret value. */
export const REDACTED = '[secret]';
/**
 * Secrets shorter than this are not redacted: they would blank out ordinary words and digits everywhere
 * (a 3-character secret is guessable anyway). The docs say so.
 */
export const MIN_REDACTED_LENGTH = 4;

/**
 * The texts a secret is looked for as: itself, JSON string escaping (JS and Python's `ensure_ascii`), URL
 * encoding (`encodeURIComponent`, and every reserved byte escaped as Python's `quote` does), hex of its UTF-8
 * bytes (lower and upper case) and base64 (standard and URL-safe): whole as encoded alone, and at each of the
 * three byte alignments only the characters that depend on the secret's bytes alone, so the secret is found
 * inside longer base64 text too (one or two characters at its edges, a few bits, may stay). Transformations beyond these (reversed, split, re-encoded twice,
 * arithmetic) cannot be caught: code that holds a secret can always disguise it.
 */
export function secretForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = new Set<string>([secret, JSON.stringify(secret).slice(1, -1), asciiJson(secret)]);
  try {
    forms.add(encodeURIComponent(secret));
  } catch {
    // A lone surrogate has no URL encoding; its other forms still apply.
  }
  forms.add(percentEncoded(bytes, false));
  forms.add(percentEncoded(bytes, true));
  const hex = bytes.toString('hex');
  forms.add(hex);
  forms.add(hex.toUpperCase());
  // Whole, as encoded on its own (the last characters mix in only zero padding bits), then at each alignment.
  forms.add(bytes.toString('base64'));
  forms.add(bytes.toString('base64url'));
  for (let shift = 0; shift < 3; shift++) {
    const core = base64Core(bytes, shift);
    forms.add(core);
    forms.add(core.replaceAll('+', '-').replaceAll('/', '_'));
  }
  return [...forms].filter((f) => f.length >= MIN_REDACTED_LENGTH);
}

/** A redactor for `secrets` (see `secretForms`); patterns are computed once here, not per line. */
export function redactor(secrets: Iterable<string>, placeholder = REDACTED): Redactor {
  const kept = [...new Set(secrets)].filter((s) => s.length >= MIN_REDACTED_LENGTH);
  if (kept.length === 0) return { text: (t) => t, value: (v) => v };
  const patterns = [...new Set(kept.flatMap(secretForms))].map((form) => ({ form, fail: failureTable(form) }));
  // Numeric secrets also match by value (`007319` returned as 7319), unless the number is too short to hide.
  const numbers = new Set(
    kept
      .filter((s) => s.trim() !== '' && Number.isFinite(Number(s)) && String(Number(s)).length >= MIN_REDACTED_LENGTH)
      .map(Number),
  );

  const covered = (input: string): [number, number][] => {
    const spans: [number, number][] = [];
    for (const { form } of patterns) {
      for (let at = input.indexOf(form); at !== -1; at = input.indexOf(form, at + 1)) spans.push([at, at + form.length]);
    }
    return spans;
  };
  const replace = (input: string, spans: [number, number][]): string => {
    if (spans.length === 0) return input;
    // Overlapping or touching matches (two secrets sharing text) become one placeholder, so none is left half shown.
    spans.sort((a, b) => a[0] - b[0]);
    let out = '';
    let from = 0;
    let [start, end] = spans[0] as [number, number];
    for (const [s, e] of spans) {
      if (s <= end) end = Math.max(end, e);
      else {
        out += input.slice(from, start) + placeholder;
        from = end;
        [start, end] = [s, e];
      }
    }
    return out + input.slice(from, start) + placeholder + input.slice(end);
  };
  const text = (input: string): string => {
    if (!input.endsWith(LINE_TRUNCATED_MARK)) return replace(input, covered(input));
    // A line cut at the log cap may end inside a secret: hide the longest tail that starts any form.
    const body = input.slice(0, -LINE_TRUNCATED_MARK.length);
    const spans = covered(body);
    let tail = 0;
    for (const p of patterns) tail = Math.max(tail, partialTail(body, p.form, p.fail));
    if (tail > 0) spans.push([body.length - tail, body.length]);
    return replace(body, spans) + LINE_TRUNCATED_MARK;
  };
  const value = <T>(input: T): T => {
    if (typeof input === 'string') return text(input) as T;
    if (typeof input === 'number') {
      return (numbers.has(input) || covered(String(input)).length > 0 ? placeholder : input) as T;
    }
    if (Array.isArray(input)) return input.map((item) => value(item)) as T;
    if (input && typeof input === 'object') {
      const out: Record<string, unknown> = {};
      // defineProperty: a key named `__proto__` stays a plain key instead of replacing the prototype.
      for (const [k, v] of Object.entries(input))
        Object.defineProperty(out, text(k), { value: value(v), enumerable: true, writable: true, configurable: true });
      return out as T;
    }
    return input;
  };
  return { text, value };
}

/** Python's `json.dumps` default: non-ASCII as `\uXXXX` (lower-case hex, surrogate pairs for astral characters). */
function asciiJson(secret: string): string {
  return JSON.stringify(secret)
    .slice(1, -1)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Every byte outside `A-Za-z0-9_.~-` (and `/` when `keepSlash`) as `%XX`: Python's `quote(s, safe='')` and `quote(s)`. */
function percentEncoded(bytes: Buffer, keepSlash: boolean): string {
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9_.~-]/.test(c) || (keepSlash && c === '/') ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The base64 characters of `bytes` placed `shift` bytes into a stream that depend on no byte around them. */
function base64Core(bytes: Buffer, shift: number): string {
  const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
  return encoded.slice(Math.ceil((8 * shift) / 6), Math.floor((8 * (shift + bytes.length)) / 6));
}

/** KMP failure table: `fail[i]` is the length of the longest proper prefix of `form[0..i]` that is also its suffix. */
function failureTable(form: string): Int32Array {
  const fail = new Int32Array(form.length);
  for (let i = 1, k = 0; i < form.length; i++) {
    while (k > 0 && form[i] !== form[k]) k = fail[k - 1] as number;
    if (form[i] === form[k]) k++;
    fail[i] = k;
  }
  return fail;
}

/** Length of the longest suffix of `text` that is a proper prefix of `form` (scans only the last form.length - 1 characters). */
function partialTail(text: string, form: string, fail: Int32Array): number {
  let k = 0;
  for (let i = Math.max(0, text.length - form.length + 1); i < text.length; i++) {
    while (k > 0 && text[i] !== form[k]) k = fail[k - 1] as number;
    if (text[i] === form[k]) k++;
    if (k === form.length) k = fail[k - 1] as number;
  }
  return k;
}
