/** joi schemas of what the feedback area reads. */
import Joi from 'joi';

/** The fields of a `case.*` event payload the citizen's view is built from. */
export interface CaseEventPayload {
  caseId: number;
  /** ISO 8601 instant of the staff action. */
  at: string;
  /** The reason the citizen may read (reject, void). */
  publicReason?: string;
  /** After-photos of 处置. */
  photoIds: string[];
  intoCaseId?: number;
  newCaseId?: number;
}

/** Other fields (the unit, internal notes) may come along; they are ignored, never stored. */
export const caseEventPayloadSchema = Joi.object<CaseEventPayload>({
  caseId: Joi.number().integer().min(1).required(),
  at: Joi.string().isoDate().required(),
  publicReason: Joi.string().allow(''),
  photoIds: Joi.array().items(Joi.string().guid()).default([]),
  intoCaseId: Joi.number().integer().min(1),
  newCaseId: Joi.number().integer().min(1),
}).unknown(true);

/** The answer of `wx.requestSubscribeMessage`, one result per template asked (at most 3 per call). */
export interface SubscriptionResultsInput {
  results: Array<{ templateId: string; result: 'accept' | 'reject' | 'ban' }>;
}

export const subscriptionResultsBody = Joi.object<SubscriptionResultsInput>({
  results: Joi.array()
    .items(Joi.object({ templateId: Joi.string().max(64).required(), result: Joi.string().valid('accept', 'reject', 'ban').required() }))
    .min(1)
    .max(3)
    .unique('templateId')
    .required(),
});
