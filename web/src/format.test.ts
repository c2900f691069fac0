import { describe, expect, it } from 'vitest';
import { shortId } from './format.ts';

describe('shortId', () => {
  it('keeps the first characters of a long id and marks the cut', () => {
    expect(shortId('tok_01m8xyzabcdefghij')).toBe('tok_01m8xy…');
  });

  it('leaves an id that would lose at most one character as it is', () => {
    expect(shortId('wf_1')).toBe('wf_1');
    expect(shortId('abcdefghijk')).toBe('abcdefghijk');
  });
});
