import Joi from 'joi';
import { pageKeys, type PageRequest } from '../http/paging.js';
import { CASE_ACTIONS, type CaseAction } from '../auth/policies.js';
import { CASE_STATUSES } from './transitions.js';
import type { CaseStatus, Light } from '../db/schema.js';

const reason = Joi.string().trim().min(2).max(500);
const note = Joi.string().trim().max(1000);
const photoIds = Joi.array().items(Joi.string().uuid()).max(9).unique();
/** A Beijing calendar date, YYYY-MM-DD, that exists (no 2025-02-30). */
const calendarDate = Joi.string()
  .pattern(/^\d{4}-\d{2}-\d{2}$/)
  .custom((value: string, helpers) => {
    const parsed = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value) ? value : helpers.error('any.invalid');
  })
  .messages({ 'string.pattern.base': '{#label} must be a date YYYY-MM-DD', 'any.invalid': '{#label} is not a calendar date' });
const departmentCode = Joi.string().pattern(/^[a-z][a-z0-9-]{1,39}$/);

/** Fields of each action's body besides `action` and `expectedVersion`. */
const ACTION_FIELDS: Record<CaseAction, Joi.PartialSchemaMap> = {
  accept: { note },
  request_verification: { note },
  report_verification: { confirmed: Joi.boolean().required(), note: note.required(), photoIds: photoIds.default([]) },
  register: { categoryCode: Joi.string().pattern(/^[CE][0-9]{4}$/), note },
  reject: { reason: reason.required() },
  dispatch: { departmentCode: departmentCode.required(), note },
  return: { reason: reason.required() },
  request_extension: {
    hours: Joi.number().positive().max(2000),
    days: Joi.number().positive().max(250),
    reason: reason.required(),
  },
  approve_extension: { note },
  deny_extension: { reason: reason.required() },
  hang: { reason: reason.required(), reviewOn: calendarDate.required() },
  unhang: { note },
  urge: { note },
  supervise: { note: note.required() },
  handle: { note: note.required(), photoIds: photoIds.min(1).required() },
  close: { note },
  rework: { reason: reason.required() },
  void: { reason: reason.required() },
  merge: { intoCaseId: Joi.number().integer().positive().required() },
  split: { reportIds: Joi.array().items(Joi.number().integer().positive()).min(1).unique().required() },
};

export interface CaseActionInput {
  action: CaseAction;
  /** When sent, the action applies only if the case is still at this version (else 409). */
  expectedVersion?: number;
  note?: string;
  reason?: string;
  confirmed?: boolean;
  categoryCode?: string;
  departmentCode?: string;
  hours?: number;
  days?: number;
  reviewOn?: string;
  photoIds?: string[];
  intoCaseId?: number;
  reportIds?: number[];
}

/** First look at an action's body: which action it is (its other fields are checked next). */
export const caseActionHead = Joi.object<{ action: CaseAction }>({
  action: Joi.string()
    .valid(...CASE_ACTIONS)
    .required(),
}).unknown(true);

const schemaOfAction = new Map(
  CASE_ACTIONS.map((action) => {
    let schema = Joi.object<CaseActionInput>({
      action: Joi.string().valid(action).required(),
      expectedVersion: Joi.number().integer().min(1),
      ...ACTION_FIELDS[action],
    });
    if (action === 'request_extension') schema = schema.xor('hours', 'days');
    return [action, schema];
  }),
);

/** The whole body of one action: unknown fields are refused, each field checked for that action. */
export function caseActionSchema(action: CaseAction): Joi.ObjectSchema<CaseActionInput> {
  return schemaOfAction.get(action)!;
}

export const caseIdParams = Joi.object({ id: Joi.number().integer().positive().required() });

export interface CaseListQuery extends PageRequest {
  status?: CaseStatus[];
  street?: string;
  department?: string;
  category?: string;
  light?: Light;
  flag?: CaseFlag;
}

/** Queues a desk works beside the status queues: 回退 to re-dispatch, 延期 to decide, 核实 to do. */
export const CASE_FLAGS = ['returned', 'extension_pending', 'verification_requested'] as const;
export type CaseFlag = (typeof CASE_FLAGS)[number];

export const caseListQuery = Joi.object<CaseListQuery>({
  status: Joi.array()
    .items(Joi.string().valid(...CASE_STATUSES))
    .single(),
  street: Joi.string().pattern(/^[0-9]{9}$/),
  department: departmentCode,
  category: Joi.string().pattern(/^[CE][0-9]{4}$/),
  light: Joi.string().valid('green', 'yellow', 'red', 'none'),
  flag: Joi.string().valid(...CASE_FLAGS),
  ...pageKeys,
  // A desk may pull a whole queue (and a map its points) in one page.
  pageSize: pageKeys.pageSize.max(200),
});
