import type { Context, Next } from 'koa';
import { AppError } from '../errors/app-error.js';
import type { Logger } from '../config/logger.js';

/** Maps every thrown error to `{error:{code,message,fields?}}`; unexpected ones are logged and hidden. */
export function errorHandler(logger: Logger) {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw AppError.notFound('route.not_found', `no route for ${ctx.method} ${ctx.path}`);
      }
    } catch (error) {
      const appError = toAppError(error);
      if (appError.status >= 500) logger.error({ err: error, path: ctx.path }, 'request failed');
      ctx.status = appError.status;
      ctx.body = { error: { code: appError.code, message: appError.message, ...(appError.fields ? { fields: appError.fields } : {}) } };
    }
  };
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const status = (error as { status?: number; expose?: boolean }).status;
  if (status === 405 || status === 501) return new AppError(405, 'route.method_not_allowed', String((error as Error).message));
  return new AppError(500, 'internal', 'internal error');
}
