/**
 * Turns case events into ledger entries: 立案 earns the first valid reporter a reward, and their
 * rating after 结案 (confirming the fix) a bonus; 作废 and 合并 (the case was a duplicate) reverse
 * them. All are idempotent, so redelivery is harmless.
 */
import Joi from 'joi';
import type { Clock } from '../config/clock.js';
import type { Db } from '../db/database.js';
import type { DomainEvent, EventProcessor } from '../queue/outbox.js';
import { creditCaseReward, creditConfirmation } from './credit-case.js';
import { reverseCaseRewards } from './reverse-case-rewards.js';

/** Topics whose case no longer stands as a valid problem of its own. */
export const REVERSING_TOPICS = ['case.voided', 'case.merged'];

const payloadSchema = Joi.object<{ caseId: number; at: string; citizenId?: number }>({
  caseId: Joi.number().integer().required(),
  at: Joi.string().isoDate().required(),
  // Who rated, on case.rated.
  citizenId: Joi.number().integer().when('$topic', { is: 'case.rated', then: Joi.required() }),
}).unknown(true);

export class RewardProcessor implements EventProcessor {
  static readonly topics: readonly string[] = ['case.registered', 'case.rated', ...REVERSING_TOPICS];
  readonly topics = RewardProcessor.topics;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async handle(event: DomainEvent): Promise<void> {
    const { error, value } = payloadSchema.validate(event.payload, { context: { topic: event.topic } });
    if (error) throw new Error(`event ${event.id} (${event.topic}): ${error.message}`);
    const at = new Date(value.at);
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      if (event.topic === 'case.registered') {
        await creditCaseReward(trx, { caseId: value.caseId, registeredAt: at, eventId: event.id, now });
      } else if (event.topic === 'case.rated') {
        await creditConfirmation(trx, { caseId: value.caseId, citizenId: value.citizenId!, ratedAt: at, eventId: event.id, now });
      } else {
        await reverseCaseRewards(trx, { caseId: value.caseId, cause: event.topic, eventId: event.id, at, now });
      }
    });
  }
}
