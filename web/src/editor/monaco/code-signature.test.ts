import { DEFAULT_CODE } from '@switchyard/shared';
import { describe, expect, it } from 'vitest';
import { withTypedMain } from './code-signature.ts';

describe('withTypedMain', () => {
  it('annotates an untyped TypeScript main', () => {
    expect(withTypedMain(DEFAULT_CODE, 'typescript')).toContain('export default async function main(inputs: Inputs, ctx: Ctx) {');
  });

  it('adds a JSDoc block to a JavaScript main, once', () => {
    const typed = withTypedMain('export default function main(inputs) {\n  return 1;\n}\n', 'javascript');
    expect(typed).toBe(
      '/**\n * @param {Inputs} inputs\n * @param {Ctx} ctx\n */\nexport default function main(inputs, ctx) {\n  return 1;\n}\n',
    );
    expect(withTypedMain(typed ?? '', 'javascript')).toBeNull();
  });

  it('leaves typed, destructured or other-language code alone', () => {
    expect(withTypedMain('export default function main(inputs: Inputs, ctx: Ctx) {}', 'typescript')).toBeNull();
    expect(withTypedMain('export default function main({ input }) {}', 'typescript')).toBeNull();
    expect(withTypedMain(DEFAULT_CODE, 'python')).toBeNull();
  });
});
