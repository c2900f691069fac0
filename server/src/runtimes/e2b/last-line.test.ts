import { describe, expect, it } from 'vitest';
import { LastLine } from './last-line.ts';

describe('LastLine', () => {
  it('keeps the last non-empty line across chunks, and flags one over the cap', () => {
    const l = new LastLine(10);
    l.push(Buffer.from('a\nbc'));
    l.push(Buffer.from('d\n\n  \n'));
    expect(l.result()).toEqual({ text: 'bcd' });
    const long = new LastLine(3);
    long.push(Buffer.from('ok\nlonger than three'));
    expect(long.result()).toEqual({ tooLong: true });
  });
});
