/**
 * Turns the reward's events into contractor deductions. It reads what the RewardProcessor wrote
 * for the same event, so it is listed after it in EVENT_PROCESSORS (workers.ts): one event job
 * runs its processors in that order, and a retry re-runs both, each idempotent.
 */
import Joi from 'joi';
import type { Clock } from '../config/clock.js';
import type { Db } from '../db/database.js';
import type { DomainEvent, EventProcessor } from '../queue/outbox.js';
import { REVERSING_TOPICS } from '../rewards/reward-processor.js';
import { deductForCase, reverseForCase } from './record-deductions.js';

const payloadSchema = Joi.object<{ caseId: number; at: string }>({
  caseId: Joi.number().integer().required(),
  at: Joi.string().isoDate().required(),
}).unknown(true);

export class ContractorDeductionProcessor implements EventProcessor {
  static readonly topics: readonly string[] = ['case.registered', ...REVERSING_TOPICS];
  readonly topics = ContractorDeductionProcessor.topics;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async handle(event: DomainEvent): Promise<void> {
    const { error, value } = payloadSchema.validate(event.payload);
    if (error) throw new Error(`event ${event.id} (${event.topic}): ${error.message}`);
    const props = { caseId: value.caseId, eventId: event.id, at: new Date(value.at), now: this.clock.now() };
    await this.db.transaction().execute((trx) => (event.topic === 'case.registered' ? deductForCase(trx, props) : reverseForCase(trx, props)));
  }
}
