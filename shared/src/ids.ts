/** Branded identifiers: a `RunId` cannot be passed where a `WorkflowId` is expected. */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type WorkflowId = Brand<string, 'WorkflowId'>;
export type RunId = Brand<string, 'RunId'>;
export type NodeId = Brand<string, 'NodeId'>;

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A prefixed, time-sortable, collision-resistant id such as `run_01jd…`: 10 chars of
 * millisecond time and 16 random chars in Crockford base32. Works in the browser and Node.
 */
export function newId<P extends string>(prefix: P): `${P}_${string}` {
  let time = Date.now();
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = ALPHABET[time % 32] + head;
    time = Math.floor(time / 32);
  }
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let tail = '';
  for (const b of bytes) tail += ALPHABET[b % 32];
  return `${prefix}_${head}${tail}`;
}
