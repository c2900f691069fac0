import { AgentSlugSchema, CODE_LANGUAGES, DEFAULT_CODE } from '@switchyard/shared';
import { monacoLanguage } from '../../editor/monaco/code-languages.ts';

export type AgentLanguage = (typeof CODE_LANGUAGES)[number];

/** The entry file of a one-file agent: `main.js`, `main.ts`, `main.py`, `main.sh`. */
export const entryPath = (language: AgentLanguage) => `main.${monacoLanguage(language).extension}`;

/**
 * A new agent's only file, following each runtime's entry-point convention: JS/TS export `main(inputs, ctx)` as the
 * default (the code node's default code), Python defines `main(inputs, ctx)`, Bash reads the inputs as JSON on stdin
 * and its last stdout line is the output.
 */
export const STARTER_CODE: Record<AgentLanguage, string> = {
  javascript: DEFAULT_CODE,
  typescript: DEFAULT_CODE,
  python: `def main(inputs, ctx):
    ctx.log("received", inputs.get("input"))
    return inputs.get("input")
`,
  bash: `# The inputs arrive as JSON on stdin (and in the file $INPUTS); the last line printed is the output.
cat
`,
};

/** Slug for a display name: "CSV to JSON!" → `csv-to-json`; empty when nothing usable is left. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

/** The slug schema's message when `slug` is not a valid slug, else null. */
export function slugProblem(slug: string): string | null {
  const checked = AgentSlugSchema.safeParse(slug);
  return checked.success ? null : (checked.error.issues[0]?.message ?? 'invalid slug');
}

export const isLanguage = (value: unknown): value is AgentLanguage => CODE_LANGUAGES.includes(value as AgentLanguage);
