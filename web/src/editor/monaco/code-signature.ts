/** `export default [async] function main(inputs[, ctx])` without annotations. */
const UNTYPED_MAIN = /export\s+default\s+(?:async\s+)?function\s+main\s*\(\s*inputs\s*(?:,\s*ctx\s*)?\)/;
const JSDOC_BEFORE = /\/\*\*(?:(?!\*\/)[\s\S])*@param(?:(?!\*\/)[\s\S])*\*\/\s*$/;

/**
 * The code with `main`'s parameters typed from the node's ports (`Inputs`, `Ctx` from `codeTypings`):
 * annotations in TypeScript, a JSDoc block in JavaScript. Null when `main` is absent or already typed.
 * TypeScript cannot type a function declaration's parameters from outside, so the user's code has to opt in.
 */
export function withTypedMain(code: string, language: string): string | null {
  const match = UNTYPED_MAIN.exec(code);
  if (!match) return null;
  const start = match.index;
  const end = start + match[0].length;
  const head = match[0].slice(0, match[0].indexOf('('));
  if (language === 'typescript') return `${code.slice(0, start)}${head}(inputs: Inputs, ctx: Ctx)${code.slice(end)}`;
  if (language === 'javascript') {
    if (JSDOC_BEFORE.test(code.slice(0, start))) return null;
    const doc = '/**\n * @param {Inputs} inputs\n * @param {Ctx} ctx\n */\n';
    return `${code.slice(0, start)}${doc}${head}(inputs, ctx)${code.slice(end)}`;
  }
  return null;
}
