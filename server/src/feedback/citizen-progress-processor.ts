/**
 * Keeps the reporters' view of their cases current: each public step of a case (see
 * public-stages.ts) becomes a `case_public_progress` row, and nothing about who did it.
 */
import type { Db, Trx } from '../db/database.js';
import type { DomainEvent, EventProcessor } from '../queue/outbox.js';
import { PUBLIC_STAGES, type PublicStage } from './public-stages.js';
import { hasStage, insertProgress, latestStagePhotoIds, lockCaseProgress } from './queries.js';
import { caseEventPayloadSchema, type CaseEventPayload } from './schemas.js';

export class CitizenProgressProcessor implements EventProcessor {
  static readonly topics: readonly string[] = Object.keys(PUBLIC_STAGES);
  readonly topics = CitizenProgressProcessor.topics;

  constructor(private readonly db: Db) {}

  /** Idempotent: the row is keyed by the event id, so a redelivered event writes nothing twice. */
  async handle(event: DomainEvent): Promise<void> {
    const stage = PUBLIC_STAGES[event.topic];
    if (!stage) return;
    const payload = readPayload(event);
    const caseId = stage.onCase ? payload[stage.onCase] : payload.caseId;
    if (caseId === undefined) throw new Error(`event ${event.id} (${event.topic}) names no ${stage.onCase}`);
    await this.db.transaction().execute(async (trx) => {
      await lockCaseProgress(trx, caseId);
      if (stage.firstOnly && (await hasStage(trx, caseId, stage.stage))) return;
      await insertProgress(trx, {
        eventId: event.id,
        caseId,
        stage: stage.stage,
        at: payload.at,
        reason: stage.showsReason && payload.publicReason ? payload.publicReason : null,
        photoIds: await photoIdsOf(trx, stage, caseId, event, payload),
      });
    });
  }
}

function readPayload(event: DomainEvent): CaseEventPayload {
  const { error, value } = caseEventPayloadSchema.validate(event.payload);
  if (error) throw new Error(`event ${event.id} (${event.topic}): ${error.message}`);
  return value;
}

async function photoIdsOf(trx: Trx, stage: PublicStage, caseId: number, event: DomainEvent, payload: CaseEventPayload): Promise<string[]> {
  if (stage.photos === 'from_event') return payload.photoIds;
  if (stage.photos !== 'from_latest_handling') return [];
  const handling = PUBLIC_STAGES['case.handled'].stage;
  const photoIds = await latestStagePhotoIds(trx, caseId, handling, event.id);
  // 结案 always follows a 处置 of the same case; its row missing means the two events were
  // processed out of order. Failing lets the queue retry once the 处置 has been recorded.
  if (!photoIds) throw new Error(`event ${event.id} (${event.topic}): case ${caseId} has no recorded 处置 yet`);
  return photoIds;
}
