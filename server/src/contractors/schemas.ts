import Joi from 'joi';
import type { ContractedAreaLevel, ContractorKind } from '../db/schema.js';
import { monthField } from '../settlement/schemas.js';

const id = Joi.number().integer().min(1).max(Number.MAX_SAFE_INTEGER).required();

export const contractorParams = Joi.object<{ id: number }>({ id });
export const areaParams = Joi.object<{ id: number; areaId: number }>({ id, areaId: id });

export const monthQuery = Joi.object<{ month: string }>({ month: monthField.required() });

export interface NewContractor {
  name: string;
  kind: ContractorKind;
}

export const newContractorBody = Joi.object<NewContractor>({
  name: Joi.string().trim().min(2).max(100).required(),
  kind: Joi.string().valid('cleaning', 'collection').required(),
});

export interface NewContractedArea {
  areaLevel: ContractedAreaLevel;
  areaCode: string;
  /** Absent or null: every category. */
  categoryCode: string | null;
  validFrom: Date;
}

export const newAreaBody = Joi.object<NewContractedArea>({
  areaLevel: Joi.string().valid('grid', 'community', 'street').required(),
  areaCode: Joi.string().pattern(/^\d{9,20}$/).required().messages({ 'string.pattern.base': 'areaCode must be a grid, community or street code of digits' }),
  categoryCode: Joi.string().pattern(/^[CE]\d{4}$/).allow(null).default(null),
  validFrom: Joi.date().iso().required(),
});
