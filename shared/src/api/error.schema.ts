import { z } from 'zod';

/** Every 4xx/5xx body. `code` is stable; `details` carries e.g. validation issues or compile errors. */
export const ApiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
