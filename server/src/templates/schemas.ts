import Joi from 'joi';
import { CASE_ACTIONS, type CaseAction } from '../auth/policies.js';
import { categoryCode } from '../taxonomy/schemas.js';

/** A template is offered for one case action, or for every action ('any'). */
export type TemplateAction = CaseAction | 'any';
export const TEMPLATE_ACTIONS: readonly TemplateAction[] = [...CASE_ACTIONS, 'any'];

const action = Joi.string().valid(...TEMPLATE_ACTIONS);
const text = Joi.string().trim().min(2).max(200);
const sortOrder = Joi.number().integer().min(-100_000).max(100_000);

export interface TemplateFilter {
  action?: TemplateAction;
  categoryCode?: string;
}

export const templateListQuery = Joi.object<TemplateFilter>({ action, categoryCode });

export interface CreateTemplateInput {
  action: TemplateAction;
  /** Null or absent: offered for every category. */
  categoryCode: string | null;
  text: string;
  sortOrder: number;
}

export const createTemplateBody = Joi.object<CreateTemplateInput>({
  action: action.required(),
  categoryCode: categoryCode.allow(null).default(null),
  text: text.required(),
  sortOrder: sortOrder.default(0),
});

export type UpdateTemplateInput = Partial<CreateTemplateInput>;

export const updateTemplateBody = Joi.object<UpdateTemplateInput>({
  action,
  categoryCode: categoryCode.allow(null),
  text,
  sortOrder,
})
  .min(1)
  .messages({ 'object.min': 'send at least one of action, categoryCode, text, sortOrder' });

export const templateIdParams = Joi.object<{ id: number }>({
  id: Joi.number().integer().min(1).max(Number.MAX_SAFE_INTEGER).required(),
});
