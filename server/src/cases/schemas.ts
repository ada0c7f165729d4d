import Joi from 'joi';

/** How far around a case the intake desk looks for duplicates: 200 m unless asked, 1 km at most. */
export const nearbyQuery = Joi.object<{ radiusM: number }>({
  radiusM: Joi.number().integer().min(1).max(1000).default(200),
});
