import { errors } from '../../errors.ts';

/** Request headers never passed to the run: credentials. */
const HIDDEN_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-switchyard-signature']);

const JSON_TYPE = /^application\/([\w.+-]+\+)?json$/;
const FORM_TYPE = 'application/x-www-form-urlencoded';
const TEXT_TYPE = /^(text\/[\w.+-]+|application\/([\w.+-]+\+)?xml)$/;

/**
 * The raw body, read as it streams in and refused with 413 `payload_too_large` once it passes `maxBytes` (a
 * Content-Length above it is refused before anything is read).
 */
export async function readBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw errors.payloadTooLarge(maxBytes);
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw errors.payloadTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The media type of a Content-Type header, lower case, without parameters. */
export const mediaType = (header: string | undefined) => (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/**
 * The body as the run sees it: JSON parsed (invalid JSON: 400 `invalid_json`), form fields as an object (a
 * repeated field becomes an array), `text/*` and XML as a string, no body as null. Anything else is 415
 * `unsupported_media_type`: a run's input is JSON, and binary has no faithful JSON form.
 */
export function parseBody(raw: Uint8Array, contentType: string | undefined): unknown {
  if (raw.byteLength === 0) return null;
  const type = mediaType(contentType);
  const text = () => new TextDecoder().decode(raw);
  if (JSON_TYPE.test(type)) {
    try {
      return JSON.parse(text());
    } catch (err) {
      throw errors.invalidJson(err instanceof Error ? err.message : String(err));
    }
  }
  if (type === FORM_TYPE) return fields(new URLSearchParams(text()));
  if (TEXT_TYPE.test(type)) return text();
  throw errors.webhookMediaType(contentType ?? '');
}

/** Name → value, or → values in order when the name repeats. */
export function fields(params: URLSearchParams, omit?: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of params) {
    if (name === omit) continue;
    const seen = out[name];
    out[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return { ...out };
}

/** Header name (lower case) → value, without credentials (repeated headers arrive joined by `, `). */
export function visibleHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) if (!HIDDEN_HEADERS.has(name)) out[name] = value;
  return out;
}
