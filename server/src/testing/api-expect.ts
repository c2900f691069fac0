import { count } from 'drizzle-orm';
import { expect } from 'vitest';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { runEvents, runNodes, runs, workflows, workflowVersions } from '../db/schema.ts';

/** The error envelope, strictly: nothing besides `error`, nothing besides code/message/details inside it. */
const StrictErrorEnvelope = z
  .object({
    error: z
      .object({
        code: z.string().regex(/^[a-z][a-z_]*$/),
        message: z.string().min(1),
        details: z.unknown().optional(),
      })
      .strict(),
  })
  .strict();

export interface ApiResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

/**
 * Asserts a response is an error with `status` and `code` in the `{ error: { code, message, details } }`
 * envelope, served as JSON. Returns the `error` object for further checks on `details`.
 */
export function expectApiError(res: ApiResponse, status: number, code: string) {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { error: { code } } });
  expect(res.headers.get('content-type') ?? '').toMatch(/^application\/json/);
  const parsed = StrictErrorEnvelope.safeParse(res.body);
  expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  return (res.body as z.infer<typeof StrictErrorEnvelope>).error;
}

/** Row counts of every table a request can write to; compare before and after a rejected request. */
export async function countRows(db: Db) {
  const n = async (table: typeof workflows | typeof workflowVersions | typeof runs | typeof runNodes | typeof runEvents) =>
    Number((await db.select({ n: count() }).from(table))[0]?.n ?? 0);
  return {
    workflows: await n(workflows),
    workflowVersions: await n(workflowVersions),
    runs: await n(runs),
    runNodes: await n(runNodes),
    runEvents: await n(runEvents),
  };
}

/** Sends a request that must be refused with `status`/`code` and leave every table as it was. */
export async function expectRejected(db: Db, send: () => Promise<ApiResponse>, status: number, code: string) {
  const before = await countRows(db);
  const res = await send();
  const error = expectApiError(res, status, code);
  expect(await countRows(db)).toEqual(before);
  return error;
}
