import { describe, expect, it } from 'vitest';
import { codeLanguage } from './CodeWidget.tsx';

describe('codeLanguage', () => {
  it('reads the language from the sibling field the hint names', () => {
    expect(codeLanguage({ field: 'language' }, { language: 'python' }, 'code')).toBe('python');
  });

  it("falls back to that field's schema default when a stored node leaves it out", () => {
    expect(codeLanguage({ field: 'language' }, {}, 'code')).toBe('javascript');
  });

  it('uses a fixed language as is, and knows none for an unknown type without one', () => {
    expect(codeLanguage('bash', {}, 'code')).toBe('bash');
    expect(codeLanguage({ field: 'language' }, {}, 'nope')).toBeUndefined();
  });
});
