/**
 * 回访: when a case a hotline caller reported is closed, the telephony service calls them back
 * within the allowed hours, plays the result and asks for a rating. The server keeps the
 * callback (one per case), its attempts, and schedules each attempt on `hotline-callbacks`;
 * the telephony service runs that queue's worker.
 */
import Joi from 'joi';
import type { Updateable } from 'kysely';
import type { Db, Executor } from '../db/database.js';
import type { HotlineCallbackStatus, HotlineCallbackTable } from '../db/schema.js';
import type { Clock } from '../config/clock.js';
import type { HotlineConfig, PersonalDataKeys } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { rateCase } from '../feedback/rate-case.js';
import type { JobBus } from '../queue/jobs.js';
import type { Services } from '../services.js';
import type { DomainEvent, EventProcessor } from '../queue/outbox.js';
import { callbackDelayMs } from './callback-hours.js';
import { decryptPhone } from '../users/phone-numbers.js';
import { spokenDate } from './beijing-time.js';
import type { CallbackAttemptInput } from './schemas.js';

/** The job the telephony service's worker runs: ring the citizen for this attempt. */
export const callbackJob = {
  queue: 'hotline-callbacks' as const,
  name: 'callback',
  schema: Joi.object<CallbackJobPayload>({
    callbackId: Joi.number().integer().min(1).required(),
    attemptNo: Joi.number().integer().min(1).required(),
  }),
};

export interface CallbackJobPayload {
  callbackId: number;
  attemptNo: number;
}

/** One job per attempt: enqueuing an attempt twice (a redelivered event, a retried POST) adds it once. */
export function callbackJobId({ callbackId, attemptNo }: CallbackJobPayload): string {
  return `callback-${callbackId}-${attemptNo}`;
}

export interface CallbackDeps {
  db: Db;
  bus: JobBus;
  clock: Clock;
  config: HotlineConfig;
  /** Decrypts the number to call. */
  personalData: PersonalDataKeys;
}

export function callbackDeps(services: Services): CallbackDeps {
  return { db: services.db, bus: services.bus, clock: services.clock, config: services.config.hotline, personalData: services.config.personalData };
}

/** Opens the callback of a closed case that came (also) through the hotline. */
export class HotlineCallbackProcessor implements EventProcessor {
  static readonly topics: readonly string[] = ['case.closed'];
  readonly topics = HotlineCallbackProcessor.topics;

  constructor(private readonly deps: CallbackDeps) {}

  async handle(event: DomainEvent): Promise<void> {
    const caseId = Number(event.payload.caseId);
    if (!Number.isInteger(caseId)) throw new Error(`event ${event.id} (${event.topic}) names no caseId`);
    const caller = await firstHotlineCaller(this.deps.db, caseId);
    if (!caller) return;
    const now = this.deps.clock.now();
    await this.deps.db
      .insertInto('hotlineCallbacks')
      .values({
        caseId,
        citizenId: caller.citizenId,
        reportId: caller.reportId,
        status: 'scheduled',
        nextAttemptAt: new Date(now.getTime() + callbackDelayMs(now, this.deps.config.callbackHours)),
        createdAt: now,
      })
      .onConflict((conflict) => conflict.column('caseId').doNothing())
      .execute();
    // Also after a redelivery: a crash between the insert and the enqueue must not lose the call.
    const callback = await this.deps.db.selectFrom('hotlineCallbacks').selectAll().where('caseId', '=', caseId).executeTakeFirstOrThrow();
    await enqueueNextAttempt(this.deps, callback);
  }
}

/** The earliest hotline report on the case whose citizen left a number to call back. */
async function firstHotlineCaller(db: Executor, caseId: number) {
  return db
    .selectFrom('reports')
    .innerJoin('citizens', 'citizens.id', 'reports.citizenId')
    .select(['reports.id as reportId', 'reports.citizenId'])
    .where('reports.caseId', '=', caseId)
    .where('reports.source', '=', 'hotline')
    .where('citizens.phoneHash', 'is not', null)
    .orderBy('reports.id')
    .limit(1)
    .executeTakeFirst();
}

interface CallbackState {
  id: number;
  status: HotlineCallbackStatus;
  attempts: number;
  nextAttemptAt: Date | null;
}

/** Queues the attempt after the last recorded one, delayed to its time, while the callback is open. */
async function enqueueNextAttempt(deps: CallbackDeps, callback: CallbackState): Promise<void> {
  if (callback.status !== 'scheduled') return;
  const payload = { callbackId: callback.id, attemptNo: callback.attempts + 1 };
  const delay = Math.max(0, (callback.nextAttemptAt?.getTime() ?? 0) - deps.clock.now().getTime());
  await deps.bus.enqueue(callbackJob, payload, { jobId: callbackJobId(payload), delay });
}

/**
 * Records one attempt (idempotent on its number). A rating closes the callback and is stored on
 * the case through feedback's rateCase; no rating means another attempt after the retry wait,
 * or `unreachable` after the last one.
 */
export async function recordCallbackAttempt(deps: CallbackDeps, callbackId: number, input: CallbackAttemptInput): Promise<CallbackState> {
  const now = deps.clock.now();
  const callback = await deps.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('hotlineCallbacks').selectAll().where('id', '=', callbackId).forUpdate().executeTakeFirst();
    if (!current) throw AppError.notFound('hotline.callback_not_found', `no callback ${callbackId}`);
    const replay = await trx
      .selectFrom('hotlineCallbackAttempts')
      .select('id')
      .where('callbackId', '=', callbackId)
      .where('attemptNo', '=', input.attemptNo)
      .executeTakeFirst();
    if (replay) return current;
    if (current.status !== 'scheduled') throw AppError.conflict('hotline.callback_finished', `callback ${callbackId} is already ${current.status}`);
    if (input.attemptNo !== current.attempts + 1) {
      throw AppError.conflict('hotline.callback_attempt_out_of_order', `callback ${callbackId} expects attempt ${current.attempts + 1}, not ${input.attemptNo}`);
    }
    await trx
      .insertInto('hotlineCallbackAttempts')
      .values({ callbackId, attemptNo: input.attemptNo, outcome: input.outcome, rating: input.rating ?? null, callId: input.callId ?? null, at: now })
      .execute();
    const attempts = current.attempts + 1;
    if (input.rating) {
      await rateCase(trx, deps.clock, { caseId: current.caseId, citizenId: current.citizenId, reportId: current.reportId, channel: 'hotline_callback', rating: input.rating, comment: null, at: now });
      return finish(trx, callbackId, { attempts, status: 'done', rating: input.rating, finishedAt: now, nextAttemptAt: null });
    }
    if (attempts >= deps.config.callbackMaxAttempts) return finish(trx, callbackId, { attempts, status: 'unreachable', finishedAt: now, nextAttemptAt: null });
    const nextAttemptAt = new Date(now.getTime() + callbackDelayMs(now, deps.config.callbackHours, deps.config.callbackRetryMinutes));
    return finish(trx, callbackId, { attempts, status: 'scheduled', nextAttemptAt });
  });
  // After commit; a replayed POST re-enqueues too, so a crash right here loses no attempt.
  await enqueueNextAttempt(deps, callback);
  return callback;
}

async function finish(trx: Executor, id: number, changes: Updateable<HotlineCallbackTable>) {
  return trx
    .updateTable('hotlineCallbacks')
    .set(changes)
    .where('id', '=', id)
    .returning(['id', 'status', 'attempts', 'nextAttemptAt'])
    .executeTakeFirstOrThrow();
}

/** What the telephony service needs to ring: the number in clear, and the result to speak. */
export async function readCallback(deps: CallbackDeps, callbackId: number) {
  const row = await deps.db
    .selectFrom('hotlineCallbacks')
    .innerJoin('citizens', 'citizens.id', 'hotlineCallbacks.citizenId')
    .innerJoin('reports', 'reports.id', 'hotlineCallbacks.reportId')
    .innerJoin('categories', 'categories.code', 'reports.categoryCode')
    .select(['hotlineCallbacks.id', 'hotlineCallbacks.caseId', 'hotlineCallbacks.status', 'hotlineCallbacks.attempts', 'citizens.phoneEncrypted', 'reports.createdAt', 'categories.name as categoryName'])
    .where('hotlineCallbacks.id', '=', callbackId)
    .executeTakeFirst();
  if (!row) throw AppError.notFound('hotline.callback_not_found', `no callback ${callbackId}`);
  return {
    id: row.id,
    caseId: row.caseId,
    status: row.status,
    attempts: row.attempts,
    phoneNumber: decryptPhone(row.phoneEncrypted!, deps.personalData.key),
    resultText: `您于${spokenDate(new Date(row.createdAt))}反映的${row.categoryName}问题已处理完毕，案件已结案。`,
  };
}
