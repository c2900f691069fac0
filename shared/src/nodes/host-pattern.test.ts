import { describe, expect, it } from 'vitest';
import { HostPatternSchema } from './code.node.ts';

describe('HostPatternSchema', () => {
  it('refuses the unspecified address in every spelling a resolver accepts (it reaches the host itself)', () => {
    for (const host of ['0.0.0.0', '0.0.0.0:5432', '0', '00.0', '0x0.0.0.0', '0.1.2.3', '123'])
      expect(HostPatternSchema.safeParse(host).success, host).toBe(false);
    expect(HostPatternSchema.safeParse('::').success).toBe(false);
  });
  it('still takes names, wildcards and addresses named exactly', () => {
    for (const host of ['api.example.com', '*.example.com:443', '127.0.0.1:8080', '10.0.0.1', '0day.example.com', '1.1.1.1'])
      expect(HostPatternSchema.safeParse(host).success, host).toBe(true);
  });
});
