import Joi from 'joi';

/** How far around a case the intake desk looks for duplicates: 200 m unless asked, 1 km at most. */
export const nearbyQuery = Joi.object<{ radiusM: number }>({
  radiusM: Joi.number().integer().min(1).max(1000).default(200),
});

/** The citizen's pin and chosen category, before reporting. */
export const nearbyOpenQuery = Joi.object({
  categoryCode: Joi.string().pattern(/^[CE][0-9]{4}$/).required()
    .messages({ 'string.pattern.base': 'categoryCode must look like E0102 (C 部件 / E 事件 + 4 digits)' }),
  lat: Joi.number().min(-90).max(90).required(),
  lng: Joi.number().min(-180).max(180).required(),
  coordSystem: Joi.string().valid('wgs84', 'gcj02').default('wgs84'),
});
