import { CATEGORIES, codeNode, defineNode, outputNode, triggerNode } from '@switchyard/shared';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldsOf, humanize } from './form-fields.ts';

const summary = (fields: ReturnType<typeof fieldsOf>) => fields.map((f) => [f.key, f.widget, f.label]);

describe('form generator: built-in node types', () => {
  it('orders the code node by hint order and takes widgets, labels and languages from the hints', () => {
    const fields = fieldsOf(codeNode);
    expect(summary(fields)).toEqual([
      ['language', 'select', 'Language'],
      ['runtime', 'select', 'Runtime'],
      ['code', 'code', 'Code'],
      ['agent', 'json', 'Code agent'],
      ['inputs', 'ports', 'Input ports'],
      ['outputs', 'ports', 'Output ports'],
      ['timeoutMs', 'number', 'Timeout (ms)'],
      ['memoryMb', 'number', 'Memory (MiB)'],
      ['network', 'select', 'Network'],
      ['allowedHosts', 'json', 'Allowed hosts'],
      ['filesystem', 'select', 'Files'],
      ['diskMb', 'number', 'Disk (MiB)'],
      ['env', 'json', 'Environment'],
      ['maxOutputBytes', 'number', 'Max output (bytes)'],
      ['maxLogBytes', 'number', 'Max logs (bytes)'],
      ['inputSchema', 'json', 'Input schema'],
      ['outputSchema', 'json', 'Output schema'],
    ]);
    const byKey = Object.fromEntries(fields.map((f) => [f.key, f]));
    expect(byKey.language?.options).toEqual(['javascript', 'typescript', 'python', 'bash']);
    expect(byKey.code?.language).toEqual({ field: 'language' });
    expect(byKey.timeoutMs).toMatchObject({ integer: true, minimum: 100, maximum: 3_600_000, defaultValue: 30_000 });
    // Fields with defaults may be left out by the user, so none is required.
    expect(fields.every((f) => !f.required)).toBe(true);
  });

  it('gives the trigger a JSON field and the output a text field with its help', () => {
    expect(summary(fieldsOf(triggerNode))).toEqual([['sampleInput', 'json', 'Sample input']]);
    expect(fieldsOf(outputNode)).toEqual([
      {
        key: 'name',
        widget: 'text',
        label: 'Output name',
        help: 'Used as the key when there are several outputs',
        required: false,
      },
    ]);
  });

  it('computes the form once per definition', () => {
    expect(fieldsOf(codeNode)).toBe(fieldsOf(codeNode));
  });
});

describe('form generator: a node type the web has never seen', () => {
  // Only a definition, no web code: every field still gets a sensible widget.
  const httpNode = defineNode({
    type: 'http-test',
    version: 1,
    title: 'HTTP request',
    description: 'test only',
    category: CATEGORIES.flow,
    icon: [['circle', { cx: 12, cy: 12, r: 10 }]],
    config: z.object({
      headers: z.record(z.string(), z.string()).default({}),
      method: z.enum(['GET', 'POST']).default('GET'),
      attempts: z.number().int().min(1).describe('How many times to try'),
      followRedirects: z.boolean().default(true),
      url: z.string(),
      mode: z.union([z.literal(1), z.literal(2)]).optional(),
      body: z.string().optional(),
    }),
    ports: () => ({ inputs: [], outputs: [] }),
    editor: { url: { widget: 'text', label: 'URL', order: 0 }, body: { widget: 'textarea', order: 1 } },
  });

  it('infers widgets from the schema and keeps schema order after the hinted fields', () => {
    expect(summary(fieldsOf(httpNode))).toEqual([
      ['url', 'text', 'URL'],
      ['body', 'textarea', 'Body'],
      ['headers', 'json', 'Headers'],
      ['method', 'select', 'Method'],
      ['attempts', 'number', 'Attempts'],
      ['followRedirects', 'toggle', 'Follow redirects'],
      ['mode', 'select', 'Mode'],
    ]);
  });

  it('carries requiredness, defaults, enum options and schema descriptions', () => {
    const byKey = Object.fromEntries(fieldsOf(httpNode).map((f) => [f.key, f]));
    expect(byKey.url?.required).toBe(true);
    expect(byKey.attempts).toMatchObject({ required: true, integer: true, minimum: 1, description: 'How many times to try' });
    expect(byKey.attempts?.maximum).toBeUndefined();
    expect(byKey.method).toMatchObject({ options: ['GET', 'POST'], defaultValue: 'GET', required: false });
    expect(byKey.mode?.options).toEqual([1, 2]);
    expect(byKey.followRedirects?.defaultValue).toBe(true);
  });
});

describe('humanize', () => {
  it('turns config keys into labels', () => {
    expect(humanize('timeoutMs')).toBe('Timeout ms');
    expect(humanize('sample_input')).toBe('Sample input');
    expect(humanize('url')).toBe('Url');
  });
});
