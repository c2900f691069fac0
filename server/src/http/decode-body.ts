/** What a response body became in the node's output. */
export type DecodedBody =
  | { kind: 'empty'; body: null }
  | { kind: 'json'; body: unknown }
  | { kind: 'text'; body: string }
  /** Not text: the bytes as base64 in `{ base64 }` (the object is the marker; the content type says what it is). */
  | { kind: 'binary'; body: { base64: string } };

/** Media types read as text besides `text/*`. */
const TEXTUAL =
  /^application\/(xml|javascript|ecmascript|x-www-form-urlencoded|graphql|yaml|x-yaml|x-ndjson|csv|sql)$|\+xml$|\+yaml$/;

/**
 * The node's `body` for a response: null when empty; parsed JSON when the content type is JSON
 * (`application/json`, `*+json`) and the text parses (the text otherwise); a string for text types (in their
 * charset, UTF-8 by default) and for an untyped body that is valid UTF-8; `{ base64 }` for everything else.
 */
export function decodeBody(bytes: Buffer, contentType: string | undefined): DecodedBody {
  if (bytes.length === 0) return { kind: 'empty', body: null };
  const [type = '', ...params] = (contentType ?? '').toLowerCase().split(';');
  const mime = type.trim();
  const charset = params
    .map((p) => p.trim())
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (mime === 'application/json' || mime.endsWith('+json')) {
    const text = asText(bytes, charset);
    try {
      return { kind: 'json', body: JSON.parse(text) };
    } catch {
      return { kind: 'text', body: text };
    }
  }
  if (mime.startsWith('text/') || TEXTUAL.test(mime)) return { kind: 'text', body: asText(bytes, charset) };
  if (!mime) {
    const text = strictUtf8(bytes);
    if (text !== undefined && !text.includes('\u0000')) return { kind: 'text', body: text };
  }
  return { kind: 'binary', body: { base64: bytes.toString('base64') } };
}

function asText(bytes: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes);
  } catch {
    // An unknown charset label: UTF-8 (invalid bytes become U+FFFD).
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function strictUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
