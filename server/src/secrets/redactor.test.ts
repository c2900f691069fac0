import { describe, expect, it } from 'vitest';
import { LINE_TRUNCATED_MARK } from '../runtimes/line-splitter.ts';
import { REDACTED, redactor } from './redactor.ts';
import { SecretSet } from './run-secrets.ts';

const SECRET = 'sk/live+4242?&"é';
const bytes = Buffer.from(SECRET);
const r = redactor([SECRET]);

describe('redactor', () => {
  it('hides the secret in every common encoding, also inside longer encoded text', () => {
    const encoded = [
      bytes.toString('base64'),
      bytes.toString('base64url'),
      bytes.toString('hex'),
      bytes.toString('hex').toUpperCase(),
      encodeURIComponent(SECRET),
      JSON.stringify(SECRET),
      JSON.stringify(SECRET).replace('é', '\\u00e9'),
    ];
    // One, two and three bytes before it: each base64 alignment.
    for (const lead of ['a', 'ab', 'abc'])
      encoded.push(Buffer.concat([Buffer.from(lead), bytes, Buffer.from('tail')]).toString('base64'));
    for (const text of encoded) {
      const out = r.text(`before ${text} after`);
      expect(out, text).toContain(REDACTED);
      expect(out, text).not.toContain(text.slice(8, 16));
    }
  });

  it('hides numbers whose text holds a numeric secret, object keys, and a secret cut at the log-line cap', () => {
    const numeric = redactor(['73519468']);
    expect(numeric.value({ n: 73519468, m: 1735194680, ok: 7 })).toEqual({ n: REDACTED, m: REDACTED, ok: 7 });
    // By value too (leading zeros, a trailing .0), but a value too short to hide stays.
    expect(redactor(['0073519', '0001']).value([73519, 1])).toEqual([REDACTED, 1]);
    expect(r.value({ [SECRET]: [SECRET] })).toEqual({ [REDACTED]: [REDACTED] });
    const cut = `${'x'.repeat(50)}${SECRET.slice(0, 6)}${LINE_TRUNCATED_MARK}`;
    expect(r.text(cut)).toBe(`${'x'.repeat(50)}${REDACTED}${LINE_TRUNCATED_MARK}`);
    // Not cut: a prefix alone is ordinary text.
    expect(r.text(`x ${SECRET.slice(0, 6)}`)).toBe(`x ${SECRET.slice(0, 6)}`);
  });

  it('merges overlapping secrets into one placeholder and leaves secrets under the minimum length alone', () => {
    expect(redactor(['hello-world', 'world-peace']).text('say hello-world-peace!')).toBe(`say ${REDACTED}!`);
    expect(redactor(['abc']).text('abc')).toBe('abc');
  });

  it('a run-wide set redacts with every secret added so far', () => {
    const run = new SecretSet();
    run.add(['first-secret']);
    run.add(['second-secret']);
    expect(run.redact.text('first-secret second-secret')).toBe(`${REDACTED} ${REDACTED}`);
  });
});
