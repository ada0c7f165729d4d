import Joi from 'joi';
import { pageKeys, type PageRequest } from '../http/paging.js';
import { rewardRulesSchema, type RewardRules } from './rules.js';

export interface NewRuleVersion {
  effectiveFrom: Date;
  rules: RewardRules;
  note: string;
}

export const newRuleVersionBody = Joi.object<NewRuleVersion>({
  effectiveFrom: Joi.date().iso().required(),
  rules: rewardRulesSchema.required(),
  note: Joi.string().trim().max(200).allow('').default(''),
});

export const myRewardsQuery = Joi.object<{ limit: number; before?: number }>({
  limit: Joi.number().integer().min(1).max(100).default(20),
  before: Joi.number().integer().min(1),
});

export const citizenIdParams = Joi.object<{ citizenId: number }>({
  citizenId: Joi.number().integer().min(1).max(Number.MAX_SAFE_INTEGER).required(),
});

export const exclusionsQuery = Joi.object<PageRequest>(pageKeys);

export const exclusionBody = Joi.object<{ kind: 'staff' | 'collector' | 'abuse'; reason: string }>({
  kind: Joi.string().valid('staff', 'collector', 'abuse').required(),
  reason: Joi.string().trim().min(1).max(200).required(),
});

export const preferenceBody = Joi.object<{ channel: 'wechat_transfer' | 'phone_credit' | 'manual'; phone?: string }>({
  channel: Joi.string().valid('wechat_transfer', 'phone_credit', 'manual').required(),
  phone: Joi.string()
    .pattern(/^1[3-9]\d{9}$/)
    .when('channel', { is: 'phone_credit', then: Joi.required(), otherwise: Joi.forbidden() })
    .messages({ 'string.pattern.base': 'phone must be a mainland mobile number of 11 digits' }),
});
