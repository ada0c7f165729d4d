/** joi schemas of the photo routes. */
import Joi from 'joi';
import { PHOTO_VARIANTS, type PhotoVariant } from './variants.js';

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
