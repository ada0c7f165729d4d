/** joi schemas of the photo routes. */
import Joi from 'joi';
import { PHOTO_VARIANTS, type PhotoVariant } from './variants.js';

/**
 * `POST /photos` headers: the installation the mini program uploads from (a random id it keeps),
 * for finance's review of many reports or several paid accounts on one device.
 */
export const photoUploadHeaders = Joi.object<{ 'x-device-id'?: string }>({
  'x-device-id': Joi.string().pattern(/^[A-Za-z0-9_-]{8,64}$/)
    .messages({ 'string.pattern.base': 'X-Device-Id must be 8–64 letters, digits, _ or -' }),
});

/** `/photos/:id` */
export const photoIdParams = Joi.object<{ id: string }>({
  id: Joi.string().guid({ separator: '-' }).required(),
});

/** `/photos/:id/:variant`: an unknown variant is a 400 naming `variant`. */
export const photoFileParams = Joi.object<{ id: string; variant: PhotoVariant }>({
  id: Joi.string().guid({ separator: '-' }).required(),
  variant: Joi.string()
    .valid(...PHOTO_VARIANTS)
    .required(),
});

/** A signed URL's query: both parts or neither (the uploader may use a bearer token instead). */
export const photoFileQuery = Joi.object<{ exp?: number; sig?: string }>({
  exp: Joi.number().integer().min(0),
  sig: Joi.string().max(128),
}).and('exp', 'sig');
