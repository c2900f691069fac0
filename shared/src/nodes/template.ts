import { getPath, PathError, parsePath } from './value-path.ts';

/**
 * The one template syntax of node configs: `{{ input.user.id }}` inserts a value of the node's input into a URL,
 * a header, a body or a prompt. Inside the braces is a path (see value-path.ts) from a root the node provides
 * (`input`, and `run` for the run's input); nothing is evaluated as code. A missing value is an error naming the
 * path, never a silent empty string. `{{{{` is a literal `{{`.
 */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly template: string,
  ) {
    super(message);
  }
}

type Part = { text: string } | { path: string };

/** The literal text and `{{ path }}` slots of a template. Throws TemplateError on an unclosed `{{`. */
export function parseTemplate(template: string): Part[] {
  const parts: Part[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    if (template.startsWith('{{{{', i)) {
      text += '{{';
      i += 4;
    } else if (template.startsWith('{{', i)) {
      const end = template.indexOf('}}', i + 2);
      if (end < 0) throw new TemplateError(`unclosed {{ at position ${i + 1}`, template);
      if (text) parts.push({ text });
      text = '';
      parts.push({ path: template.slice(i + 2, end).trim() });
      i = end + 2;
    } else {
      text += template[i];
      i++;
    }
  }
  if (text) parts.push({ text });
  return parts;
}

/** Whether a string uses the syntax at all (plain strings are left as they are). */
export function hasTemplate(value: string): boolean {
  return value.includes('{{');
}

function lookup(path: string, scope: Record<string, unknown>, template: string): unknown {
  let segments: ReturnType<typeof parsePath>;
  try {
    segments = parsePath(path);
  } catch (err) {
    throw new TemplateError(err instanceof PathError ? err.message : String(err), template);
  }
  if (segments.length === 0) throw new TemplateError('empty {{ }}', template);
  const found = getPath(scope, segments);
  if (!found.found) throw new TemplateError(`{{ ${path} }} has no value`, template);
  return found.value;
}

/** Text of a value inserted into a string: strings as they are, everything else as JSON. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === undefined ? '' : JSON.stringify(value);
}

/** Renders a template to a string (URLs, headers, text bodies). */
export function renderTemplate(template: string, scope: Record<string, unknown>): string {
  return parseTemplate(template)
    .map((part) => ('text' in part ? part.text : asText(lookup(part.path, scope, template))))
    .join('');
}

/**
 * Renders every string inside a JSON value (a JSON body): a string that is exactly one `{{ path }}` becomes the
 * value itself (a number stays a number, an object an object); other strings render as text. Keys are kept.
 */
export function renderValue(value: unknown, scope: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    if (!hasTemplate(value)) return value;
    const parts = parseTemplate(value);
    if (parts.length === 1 && 'path' in (parts[0] as Part)) return lookup((parts[0] as { path: string }).path, scope, value);
    return renderTemplate(value, scope);
  }
  if (Array.isArray(value)) return value.map((v) => renderValue(v, scope));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValue(v, scope)]));
  return value;
}

/** Checks a template's syntax without values (config validation); the message, or null when it parses. */
export function templateProblem(template: string): string | null {
  try {
    for (const part of parseTemplate(template)) {
      if (!('path' in part)) continue;
      if (parsePath(part.path).length === 0) return 'empty {{ }}: write a path such as {{ input.id }}';
    }
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
