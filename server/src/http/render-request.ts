import { validateHeaderValue } from 'node:http';
import { type HttpNodeConfig, renderTemplate, renderValue, TemplateError } from '@switchyard/shared';
import { NodeError } from '../executors/executor.ts';

/** A request with every template filled in, before auth. */
export interface RenderedRequest {
  method: string;
  url: URL;
  /** Lower-case names. */
  headers: Record<string, string>;
  body?: Buffer;
}

/** Template roots: the node's input and the run's input. */
export type TemplateScope = { input: unknown; run: unknown };

const CONTENT_TYPES = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  text: 'text/plain; charset=utf-8',
} as const;

/**
 * Fills the URL, query values, header values and body from the node's input (`{{ input.path }}`, see template.ts).
 * Values are inserted as text, not encoded: a value may be a whole URL, and a value that must stay one query
 * parameter belongs in `query` (which encodes it). Fails `template_error`, `invalid_url` or `invalid_header`.
 */
export function renderRequest(config: HttpNodeConfig, scope: TemplateScope): RenderedRequest {
  const url = parseUrl(render('url', () => renderTemplate(config.url, scope)));
  for (const [name, value] of Object.entries(config.query))
    url.searchParams.append(
      name,
      render(`query ${name}`, () => renderTemplate(value, scope)),
    );
  const headers: Record<string, string> = { accept: '*/*', 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'Switchyard' };
  for (const [name, template] of Object.entries(config.headers)) {
    const value = render(`header ${name}`, () => renderTemplate(template, scope));
    try {
      validateHeaderValue(name, value);
    } catch {
      throw new NodeError('invalid_header', `header ${name}: the value holds characters a header cannot carry (a line break?)`);
    }
    headers[name.toLowerCase()] = value;
  }
  const body = renderBody(config, scope);
  if (body && config.bodyType !== 'none') headers['content-type'] ??= CONTENT_TYPES[config.bodyType];
  return { method: config.method, url, headers, ...(body ? { body } : {}) };
}

function renderBody(config: HttpNodeConfig, scope: TemplateScope): Buffer | undefined {
  switch (config.bodyType) {
    case 'none':
      return undefined;
    case 'json':
      return Buffer.from(JSON.stringify(render('JSON body', () => renderValue(config.jsonBody, scope))) ?? 'null');
    case 'form': {
      const form = new URLSearchParams();
      for (const [name, value] of Object.entries(config.formBody))
        form.append(
          name,
          render(`form field ${name}`, () => renderTemplate(value, scope)),
        );
      return Buffer.from(form.toString());
    }
    case 'text':
      return Buffer.from(render('text body', () => renderTemplate(config.textBody, scope)));
  }
}

/** Runs one render, turning a template error into the node's `template_error` (naming the field). */
function render<T>(field: string, fill: () => T): T {
  try {
    return fill();
  } catch (err) {
    if (err instanceof TemplateError) throw new NodeError('template_error', `${field}: ${err.message}`);
    throw err;
  }
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new NodeError('invalid_url', 'the URL is not a valid absolute URL (http://… or https://…)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new NodeError('invalid_url', `the URL must be http:// or https://, not ${url.protocol}`);
  if (url.username || url.password)
    throw new NodeError('invalid_url', 'the URL holds credentials; use the auth setting with a stored secret instead');
  url.hash = '';
  return url;
}
