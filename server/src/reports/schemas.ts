import Joi from 'joi';

export const submitReportBody = Joi.object({
  categoryCode: Joi.string().pattern(/^[CE][0-9]{4}$/).required()
    .messages({ 'string.pattern.base': 'categoryCode must look like E0102 (C 部件 / E 事件 + 4 digits)' }),
  lat: Joi.number().min(-90).max(90).required(),
  lng: Joi.number().min(-180).max(180).required(),
  coordSystem: Joi.string().valid('wgs84', 'gcj02').default('wgs84'),
  description: Joi.string().trim().max(500).allow('').default(''),
  address: Joi.string().trim().max(200).allow('', null).empty(['', null]).default(null),
  photoIds: Joi.array().items(Joi.string().guid()).min(1).max(9).unique().required(),
});

export interface SubmitReportInput {
  categoryCode: string;
  lat: number;
  lng: number;
  coordSystem: 'wgs84' | 'gcj02';
  description: string;
  address: string | null;
  photoIds: string[];
}


export const reportIdParams = Joi.object({ id: Joi.number().integer().min(1).max(Number.MAX_SAFE_INTEGER).required() });

export const myReportsQuery = Joi.object({
  limit: Joi.number().integer().min(1).max(100).default(20),
  before: Joi.number().integer().min(1),
});

/** 满意度 after 结案; the comment is optional. */
export const rateReportBody = Joi.object({
  rating: Joi.string().valid('satisfied', 'basically_satisfied', 'dissatisfied').required(),
  comment: Joi.string().trim().max(200).allow('', null).empty(['', null]).default(null),
});
