/**
 * The call record (Chongqing's 12319 日志): the telephony service reports each call and its
 * events; the record (times, menu path, outcome, wait and talk time) is derived from the events
 * stored so far, so retried or reordered events give the same record.
 */
import type { Trx } from '../db/database.js';
import type { HotlineCallOutcome } from '../db/schema.js';
import { AppError } from '../errors/app-error.js';
import type { Services } from '../services.js';
import { normalizePhone, protectPhone } from '../users/phone-numbers.js';
import { countCallTickets, findOrCreatePhoneCitizen, insertCall, insertCallEvent, listCallEvents, lockCall, updateCall, type CallRow } from './queries.js';
import type { CallEventInput, StartCallInput } from './schemas.js';

export interface StartedCall {
  call: CallRow;
  /** False when the callId was already recorded (a retry): nothing was written. */
  created: boolean;
}

/** Records a call and finds (or creates) its caller by phone number; idempotent on callId. */
export async function startCall(services: Services, input: StartCallInput): Promise<StartedCall> {
  const number = normalizePhone(input.callerNumber);
  const phone = number ? protectPhone(number, services.config.personalData) : null;
  const now = services.clock.now();
  return services.db.transaction().execute(async (trx) => {
    const caller = phone ? await findOrCreatePhoneCitizen(trx, phone, now) : null;
    return insertCall(trx, {
      callId: input.callId,
      citizenId: caller?.id ?? null,
      callerMasked: phone?.phoneMasked ?? null,
      callerKnown: caller?.known ?? false,
      calledNumber: input.calledNumber,
      startedAt: input.startedAt,
    });
  });
}

/** Stores one event of a call (idempotent on its seq) and brings the call record up to date. */
export async function recordCallEvent(services: Services, callId: string, event: CallEventInput): Promise<void> {
  await services.db.transaction().execute(async (trx) => {
    const call = await lockCallOrFail(trx, callId);
    const stored = await insertCallEvent(trx, { callId: call.id, seq: event.seq, type: event.type, at: event.at, detail: JSON.stringify(event.detail ?? {}) });
    if (stored) await refreshCallRecord(trx, call);
  });
}

export async function lockCallOrFail(trx: Trx, callId: string): Promise<CallRow> {
  const call = await lockCall(trx, callId);
  if (!call) throw AppError.notFound('hotline.call_not_found', `no call ${callId}`);
  return call;
}

/**
 * Recomputes the record from the call's events in seq order and its tickets. Called with the
 * call locked, after an event, a ticket or an answered progress query changed what it depends on.
 */
export async function refreshCallRecord(trx: Trx, call: CallRow): Promise<void> {
  const events = await listCallEvents(trx, call.id);
  const first = (type: string) => events.find((event) => event.type === type);
  const answered = first('answered');
  const queued = first('queued');
  const agentAnswered = first('agent_answered');
  const ended = first('ended');
  const endedAt = ended ? new Date(ended.at) : null;
  const agentAt = agentAnswered ? new Date(agentAnswered.at) : null;
  const queuedAt = queued ? new Date(queued.at) : null;
  const outcome = endedAt ? await outcomeOf(trx, call, agentAt !== null) : null;
  await updateCall(trx, call.id, {
    answeredAt: answered ? new Date(answered.at) : null,
    queuedAt,
    agentAnsweredAt: agentAt,
    agent: agentAnswered ? String(agentAnswered.detail.agent ?? '') || null : null,
    endedAt,
    hangupCause: ended ? String(ended.detail.cause ?? '') || null : null,
    menuPath: events.filter((event) => event.type === 'menu').map((event) => String(event.detail.choice)),
    outcome,
    // Waiting runs from the transfer to an agent until one answers (or the caller gives up).
    waitSeconds: queuedAt && (agentAt ?? endedAt) ? secondsBetween(queuedAt, (agentAt ?? endedAt)!) : null,
    talkSeconds: agentAt && endedAt ? secondsBetween(agentAt, endedAt) : null,
  });
}

/** ticket if one was made on the call, else query if one was answered, else agent, else abandoned. */
async function outcomeOf(trx: Trx, call: CallRow, agentAnswered: boolean): Promise<HotlineCallOutcome> {
  if ((await countCallTickets(trx, call.id)) > 0) return 'ticket';
  if (call.queryAnswered) return 'query';
  return agentAnswered ? 'agent' : 'abandoned';
}

function secondsBetween(from: Date, to: Date): number {
  return Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
}
