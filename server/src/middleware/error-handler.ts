import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ApiError, errors } from '../errors.ts';
import type { Logger } from '../logger.ts';

/** Maps every thrown error to `{ error: { code, message, details } }`; only real faults become 500. */
export function errorHandler(logger: Logger) {
  return (err: Error, c: Context) => {
    let apiError: ApiError;
    if (err instanceof ApiError) apiError = err;
    else if (err instanceof HTTPException && err.status === 400 && /json/i.test(err.message))
      apiError = errors.invalidJson(err.message);
    else if (err instanceof HTTPException && err.status < 500)
      apiError = new ApiError(err.status as 400, 'bad_request', err.message);
    else {
      logger.error('unhandled error', { method: c.req.method, path: c.req.path, error: err.message, stack: err.stack });
      apiError = new ApiError(500, 'internal_error', 'something went wrong on our side; the error was logged');
    }
    return c.json(
      {
        error: {
          code: apiError.code,
          message: apiError.message,
          ...(apiError.details !== undefined ? { details: apiError.details } : {}),
        },
      },
      apiError.status,
    );
  };
}
