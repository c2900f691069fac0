import { Globe } from 'lucide';
import { z } from 'zod';
import { CATEGORIES } from './categories.ts';
import { SecretNameSchema } from './code.node.ts';
import { defineNode } from './define-node.ts';
import { templateProblem } from './template.ts';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;

const MIB = 1024 * 1024;

/** A string that may hold `{{ path }}` slots (see template.ts); bad syntax is a config error, shown on the canvas. */
const templated = (max: number) =>
  z
    .string()
    .max(max)
    .superRefine((text, ctx) => {
      const problem = templateProblem(text);
      if (problem) ctx.addIssue({ code: 'custom', message: `template: ${problem}` });
    });

/** An HTTP header name (an RFC 9110 token). */
const HeaderNameSchema = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/, "a header name is letters, digits and !#$%&'*+.^_`|~-");

/** Headers the request itself sets: the URL's host and the body's framing cannot be overridden. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'proxy-authorization',
]);

/** Every string inside a JSON value (its template problems, with where they are). */
function jsonTemplateProblems(
  value: unknown,
  path: (string | number)[],
  found: { path: (string | number)[]; message: string }[],
) {
  if (typeof value === 'string') {
    const problem = templateProblem(value);
    if (problem) found.push({ path, message: `template: ${problem}` });
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) jsonTemplateProblems(v, [...path, i], found);
  } else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) jsonTemplateProblems(v, [...path, k], found);
  return found;
}

/**
 * Calls an HTTP(S) API from the server process. Only public addresses are reachable (checked after DNS and after
 * every redirect) unless the server allows a host (`HTTP_ALLOW_PRIVATE_HOSTS`). Failures are node errors:
 * `network_denied`, `network_error`, `timeout`, `response_too_large`, `http_error` (4xx/5xx when
 * `failOnHttpError`), `too_many_redirects`, `invalid_redirect`, `invalid_url`, `invalid_header`,
 * `template_error`, `secret_missing`.
 */
export const httpNode = defineNode({
  type: 'http',
  version: 1,
  title: 'HTTP request',
  description: 'Calls an HTTP API; its output is the response: { status, headers, body }.',
  category: CATEGORIES.network,
  icon: Globe,
  subtitle: (config) => httpSubtitle(config.method, config.url),
  // Above the node's own limit, so the node reports its own `timeout` (with the URL) rather than the engine.
  timeoutMs: (config) => config.timeoutMs + 5_000,
  config: z
    .object({
      method: z.enum(HTTP_METHODS).default('GET'),
      /** http:// or https:// URL; may use templates (`https://api.example.com/users/{{ input.id }}`). */
      url: templated(8_192)
        .min(1, 'enter the URL to call')
        .refine((url) => !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(url), 'put credentials in the auth setting, not in the URL')
        .default(''),
      /** Query parameters appended to the URL's own; values may use templates. */
      query: z.record(z.string().min(1).max(256), templated(8_192)).default({}),
      /** Request headers; values may use templates. Authorization comes from `authType`. */
      headers: z.record(HeaderNameSchema, templated(8_192)).default({}),
      bodyType: z.enum(['none', 'json', 'form', 'text']).default('none'),
      /** With `json`: the body; strings may use templates, a string that is one `{{ path }}` keeps the value's type. */
      jsonBody: z
        .json()
        .superRefine((body, ctx) => {
          for (const { path, message } of jsonTemplateProblems(body, [], [])) ctx.addIssue({ code: 'custom', path, message });
        })
        .default({}),
      /** With `form`: fields sent as application/x-www-form-urlencoded; values may use templates. */
      formBody: z.record(z.string().min(1).max(256), templated(65_536)).default({}),
      /** With `text`: the body, sent as text/plain unless a content-type header says otherwise. */
      textBody: templated(1_000_000).default(''),
      /** `bearer`: `Authorization: Bearer <secret>`; `basic`: `username` and the secret as password. */
      authType: z.enum(['none', 'bearer', 'basic']).default('none'),
      /** The basic-auth user name (not a secret). */
      username: z
        .string()
        .max(256)
        .regex(/^[^:]*$/, 'a basic-auth user name cannot contain ":"')
        .default(''),
      /** Name of the stored secret: the bearer token or the basic-auth password. Never the value itself. */
      authSecret: SecretNameSchema.optional(),
      /** Bounds the whole request, redirects and response body included (ms). */
      timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
      /** Largest response body (bytes, after decompression); a larger one fails `response_too_large`. */
      maxResponseBytes: z
        .number()
        .int()
        .min(1)
        .max(32 * MIB)
        .default(5 * MIB),
      /** A 4xx or 5xx status fails the node (`http_error`); off: the response is the output whatever its status. */
      failOnHttpError: z.boolean().default(true),
      /** Follow up to 5 redirects (each target checked like the first); off: a 3xx is the output. */
      followRedirects: z.boolean().default(true),
    })
    .superRefine((config, ctx) => {
      for (const name of Object.keys(config.headers)) {
        const lower = name.toLowerCase();
        if (RESERVED_HEADERS.has(lower))
          ctx.addIssue({ code: 'custom', path: ['headers', name], message: `${name} is set by the request itself` });
        if (lower === 'authorization' && config.authType !== 'none')
          ctx.addIssue({ code: 'custom', path: ['headers', name], message: 'authorization comes from the auth setting' });
      }
      if (config.authType !== 'none' && !config.authSecret)
        ctx.addIssue({
          code: 'custom',
          path: ['authSecret'],
          message: `${config.authType} auth needs the name of a stored secret`,
        });
    }),
  ports: () => ({
    inputs: [{ name: 'input', type: 'any', required: true }],
    outputs: [{ name: 'output', type: 'object' }],
  }),
  editor: {
    method: { widget: 'select', label: 'Method', order: 1 },
    url: { widget: 'text', label: 'URL', help: 'e.g. https://api.example.com/users/{{ input.id }}', order: 2 },
    query: { widget: 'key-value', label: 'Query', help: 'Values may use {{ input.path }}', order: 3 },
    headers: { widget: 'key-value', label: 'Headers', help: 'Values may use {{ input.path }}', order: 4 },
    bodyType: { widget: 'select', label: 'Body', order: 5 },
    jsonBody: {
      widget: 'json',
      label: 'JSON body',
      help: '"{{ input.n }}" alone keeps the value\'s type',
      order: 6,
      hidden: (c) => c.bodyType !== 'json',
    },
    formBody: { widget: 'key-value', label: 'Form fields', order: 7, hidden: (c) => c.bodyType !== 'form' },
    textBody: { widget: 'textarea', label: 'Text body', order: 8, hidden: (c) => c.bodyType !== 'text' },
    authType: { widget: 'select', label: 'Auth', order: 9 },
    username: { widget: 'text', label: 'User name', order: 10, hidden: (c) => c.authType !== 'basic' },
    authSecret: {
      widget: 'secret',
      label: 'Auth secret',
      help: 'The bearer token or the basic-auth password',
      order: 11,
      hidden: (c) => (c.authType ?? 'none') === 'none',
    },
    timeoutMs: { widget: 'number', label: 'Timeout (ms)', help: 'The whole request, redirects and body included', order: 12 },
    maxResponseBytes: { widget: 'number', label: 'Max response (bytes)', order: 13 },
    failOnHttpError: { widget: 'toggle', label: 'Fail on 4xx/5xx', order: 14 },
    followRedirects: { widget: 'toggle', label: 'Follow redirects', help: 'Up to 5', order: 15 },
  },
});

/** The HTTP request node's config, parsed (defaults applied). */
export type HttpNodeConfig = z.output<typeof httpNode.config>;

const SUBTITLE_MAX = 40;

/** `GET example.com/path`: the method, host and path (no scheme, query or fragment), cut to fit a card. */
export function httpSubtitle(method: string, url: string): string {
  const where = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[?#]/)[0] ?? '';
  if (!where) return method;
  const cut = where.length > SUBTITLE_MAX ? `${where.slice(0, SUBTITLE_MAX - 1)}…` : where;
  return `${method} ${cut}`;
}
