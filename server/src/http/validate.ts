import type Joi from 'joi';
import type { Context } from 'koa';
import { AppError } from '../errors/app-error.js';

type Part = 'body' | 'query' | 'params' | 'headers';

const preferences = (part: Part): Joi.ValidationOptions => ({
  abortEarly: false,
  convert: true,
  allowUnknown: part === 'headers',
  stripUnknown: part === 'headers',
  errors: { wrap: { label: false } },
});

/** Each schema with its part's preferences, made once: joi merges options passed per call anew each time. */
const prepared = new WeakMap<Joi.Schema, Map<Part, Joi.Schema>>();
function withPreferences<T>(schema: Joi.Schema<T>, part: Part): Joi.Schema<T> {
  let byPart = prepared.get(schema);
  if (!byPart) prepared.set(schema, (byPart = new Map()));
  let ready = byPart.get(part);
  if (!ready) byPart.set(part, (ready = schema.prefs(preferences(part))));
  return ready as Joi.Schema<T>;
}

/**
 * The one validation style: a joi schema per request part. Unknown fields are refused, every
 * problem is listed with its field, and the handler gets the converted value.
 */
export function validate<T>(ctx: Context, part: Part, schema: Joi.Schema<T>): T {
  const input = part === 'body' ? ctx.request.body : part === 'params' ? ctx.params : part === 'query' ? ctx.query : ctx.headers;
  const { value, error } = withPreferences(schema, part).validate(input ?? {});
  if (error) {
    const fields = error.details.map((detail) => ({ field: detail.path.join('.') || part, message: detail.message }));
    throw AppError.badRequest('request.invalid', `invalid ${part}: ${fields.map((f) => f.message).join('; ')}`, fields);
  }
  return value as T;
}
