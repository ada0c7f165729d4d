/**
 * The rules a category's handling settings and a unit's fields obey, shared by the data files
 * (load-taxonomy.ts) and the administrators' API, so both accept the same values.
 */
import Joi from 'joi';
import type { CategoryTable } from '../db/schema.js';

export const departmentCode = Joi.string().pattern(/^[a-z][a-z0-9-]{1,39}$/);
export const categoryCode = Joi.string().pattern(/^[CE][0-9]{4}$/);
export const streetCode = Joi.string().pattern(/^[0-9]{9}$/);
export const departmentName = Joi.string().trim().min(2).max(60);

export const timeLimit = Joi.object({
  value: Joi.number().integer().min(1).max(1000).required(),
  unit: Joi.string().valid('working_hours', 'working_days', 'natural_hours').required(),
});

/** Hours of the category's clock for 受理, 立案 or 派遣. */
export const stageHours = Joi.number().min(0.25).max(72);

// 100 m at most: a wider radius would merge different problems of a busy street into one case.
export const dedupRadiusM = Joi.number().integer().min(20).max(100);
export const dedupWindowH = Joi.number().integer().min(1).max(720);

/** What an administrator may change of a category; everything else belongs to the standard. */
export interface UpdateCategoryInput {
  timeLimit?: { value: number; unit: CategoryTable['timeLimitUnit'] };
  stageLimits?: Partial<Record<'accept' | 'register' | 'dispatch', number>>;
  dedupRadiusM?: number;
  dedupWindowH?: number;
  departmentCode?: string;
}

export const updateCategoryBody = Joi.object<UpdateCategoryInput>({
  timeLimit,
  stageLimits: Joi.object({ accept: stageHours, register: stageHours, dispatch: stageHours }).min(1),
  dedupRadiusM,
  dedupWindowH,
  departmentCode,
})
  .min(1)
  .messages({ 'object.min': 'send at least one of timeLimit, stageLimits, dedupRadiusM, dedupWindowH, departmentCode' });

export const categoryParams = Joi.object<{ code: string }>({ code: categoryCode.required() });
export const departmentParams = Joi.object<{ code: string }>({ code: departmentCode.required() });
export const updateDepartmentBody = Joi.object<{ name: string }>({ name: departmentName.required() });

export interface DispatchRuleKey {
  categoryCode: string;
  streetCode: string;
}

export const dispatchRuleParams = Joi.object<DispatchRuleKey>({
  categoryCode: categoryCode.required(),
  streetCode: streetCode.required(),
});
export const dispatchRuleBody = Joi.object<{ departmentCode: string }>({ departmentCode: departmentCode.required() });
export const dispatchRulesQuery = Joi.object<Partial<DispatchRuleKey>>({ categoryCode, streetCode });
