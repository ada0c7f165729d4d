import Joi from 'joi';
import type { CallbackOutcome, CaseRating, HotlineCallEventType } from '../db/schema.js';
import { pageKeys } from '../http/paging.js';
import { submitReportBody } from '../reports/schemas.js';

// FreeSWITCH channel uuids, and whatever id another switch uses: letters, digits and -_.:
const callIdRule = Joi.string().min(1).max(100).pattern(/^[A-Za-z0-9_.:-]+$/);
// A caller id as the switch gives it: digits (maybe +), empty or "anonymous" when withheld.
const callerNumberRule = Joi.string().trim().max(32).allow('').pattern(/^(\+?[0-9 -]{1,30}|anonymous|unknown)$/i);

export interface StartCallInput {
  callId: string;
  callerNumber: string;
  calledNumber: string;
  startedAt: Date;
}

export const startCallBody = Joi.object<StartCallInput>({
  callId: callIdRule.required(),
  callerNumber: callerNumberRule.default(''),
  calledNumber: Joi.string().trim().max(32).pattern(/^\+?[0-9]{1,30}$/).required(),
  startedAt: Joi.date().iso().required(),
});

export const callIdParams = Joi.object({ callId: callIdRule.required() });

export interface CallEventInput {
  seq: number;
  type: HotlineCallEventType;
  at: Date;
  detail?: Record<string, unknown>;
}

const eventDetail = Joi.when('type', {
  switch: [
    { is: 'menu', then: Joi.object({ choice: Joi.string().valid('1', '2', '0', 'invalid', 'timeout').required() }).required() },
    { is: 'queued', then: Joi.object({ target: Joi.string().max(200).required() }).required() },
    { is: 'agent_answered', then: Joi.object({ agent: Joi.string().max(100).required() }).required() },
    { is: 'message_left', then: Joi.object({ ticketId: Joi.number().integer().min(1) }).default({}) },
    { is: 'ended', then: Joi.object({ cause: Joi.string().max(100) }).default({}) },
  ],
  otherwise: Joi.object({}).default({}),
});

export const callEventBody = Joi.object<CallEventInput>({
  seq: Joi.number().integer().min(1).max(100_000).required(),
  type: Joi.string().valid('answered', 'menu', 'queued', 'agent_answered', 'message_left', 'ended').required(),
  at: Joi.date().iso().required(),
  detail: eventDetail,
});

export interface IvrTicketFields {
  durationMs: number;
  complete: boolean;
}

export const ivrTicketFields = Joi.object<IvrTicketFields>({
  durationMs: Joi.number().integer().min(0).max(3_600_000).required(),
  complete: Joi.boolean().truthy('true').falsy('false').default(true),
});

export interface ProgressQuery {
  number: string;
  callerNumber: string;
}

export const progressQuery = Joi.object<ProgressQuery>({
  number: Joi.string().pattern(/^[0-9]{1,15}$/).required(),
  callerNumber: callerNumberRule.default(''),
});

export const callbackIdParams = Joi.object({ callbackId: Joi.number().integer().min(1).max(Number.MAX_SAFE_INTEGER).required() });

export interface CallbackAttemptInput {
  attemptNo: number;
  outcome: CallbackOutcome;
  rating?: CaseRating;
  callId?: string;
}

export const callbackAttemptBody = Joi.object<CallbackAttemptInput>({
  attemptNo: Joi.number().integer().min(1).max(100).required(),
  outcome: Joi.string().valid('answered', 'no_answer', 'busy', 'failed').required(),
  // Only a callee who answered can have rated.
  rating: Joi.string().valid('satisfied', 'basically_satisfied', 'dissatisfied').when('outcome', { not: 'answered', then: Joi.forbidden() }),
  callId: callIdRule,
});

const beijingDate = Joi.string().pattern(/^\d{4}-\d{2}-\d{2}$/).messages({ 'string.pattern.base': 'date must look like 2025-11-23' });

export const callLogQuery = Joi.object({ date: beijingDate, ...pageKeys });

export const ticketListQuery = Joi.object({ status: Joi.string().valid('open', 'completed').default('open'), ...pageKeys });

export const ticketIdParams = Joi.object({ id: Joi.number().integer().min(1).max(Number.MAX_SAFE_INTEGER).required() });

export const citizenIdParams = ticketIdParams;

export interface StaffTicketInput {
  callId?: string;
  callerNumber?: string;
}

/** A live call's ticket: the caller is the call's, unless the agent types the number (or there is no call). */
export const staffTicketBody = Joi.object<StaffTicketInput>({
  callId: callIdRule,
  callerNumber: Joi.string().trim().pattern(/^\+?[0-9 -]{3,30}$/).when('callId', { not: Joi.exist(), then: Joi.required() }),
});

export interface CompleteTicketInput {
  categoryCode: string;
  lat: number;
  lng: number;
  coordSystem: 'wgs84' | 'gcj02';
  address: string | null;
  description: string;
}

/** The mini program's report fields without photos: an agent writes down what the caller said. */
export const completeTicketBody = submitReportBody.fork(['photoIds'], (rule) => rule.forbidden()).keys({
  description: Joi.string().trim().min(1).max(500).required(),
});

export const dailyReportQuery = Joi.object({ date: beijingDate });
export const weeklyReportQuery = Joi.object({
  week: Joi.string().pattern(/^\d{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$/).messages({ 'string.pattern.base': 'week must look like 2025-W47' }),
});
export const monthlyReportQuery = Joi.object({
  month: Joi.string().pattern(/^\d{4}-(0[1-9]|1[0-2])$/).messages({ 'string.pattern.base': 'month must look like 2025-11' }),
});

export const placeSearchQuery = Joi.object({ q: Joi.string().trim().min(1).max(50).required() });
