/**
 * An agent completes a ticket (category, place, description) and it enters the same intake as a
 * mini-program report: reports/submit-report.ts with source `hotline`, so deduplication, the
 * workflow, rewards and progress apply unchanged.
 */
import { recordAudit } from '../audit/record-audit.js';
import type { StaffActor } from '../auth/tokens.js';
import { AppError } from '../errors/app-error.js';
import { submitReport } from '../reports/submit-report.js';
import type { Services } from '../services.js';
import { insertAnonymousCitizen, lockTicket } from './queries.js';
import type { CompleteTicketInput } from './schemas.js';

interface Props {
  actor: StaffActor;
  ip: string;
  ticketId: number;
  input: CompleteTicketInput;
}

/**
 * Idempotent per ticket: the report's idempotency key is `ticket-<id>`, so a retry (or a crash
 * between the report and the ticket's update) gives the same report; different fields for a
 * completed ticket are a 409.
 */
export async function completeTicket(services: Services, { actor, ip, ticketId, input }: Props) {
  const report = await submitTicketReport(services, ticketId, await reporterOf(services, ticketId), input);
  const now = services.clock.now();
  await services.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('hotlineTickets')
      .set({ status: 'completed', reportId: report.id, completedBy: actor.staffId, completedAt: now })
      .where('id', '=', ticketId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return;
    await recordAudit(trx, {
      at: now,
      staffId: actor.staffId,
      username: actor.username,
      action: 'hotline.ticket_completed',
      targetType: 'hotline_ticket',
      targetId: ticketId,
      ip,
      details: { reportId: report.id, caseId: report.caseId, isPrimary: report.isPrimary },
    });
  });
  return report;
}

/** The intake's own submission, keyed by the ticket; other details for a completed ticket are a 409. */
async function submitTicketReport(services: Services, ticketId: number, citizenId: number, input: CompleteTicketInput) {
  try {
    const { report } = await submitReport(services, { citizenId, idempotencyKey: `ticket-${ticketId}`, input: { ...input, photoIds: [] }, source: 'hotline' });
    return report;
  } catch (error) {
    if (error instanceof AppError && error.code === 'report.idempotency_key_reused') {
      throw AppError.conflict('hotline.ticket_already_completed', `ticket ${ticketId} was already completed with other details`);
    }
    throw error;
  }
}

/**
 * The citizen the report is filed under: the caller, or for an anonymous caller a citizen of the
 * ticket's own (kept on the ticket, so a retry files under the same one).
 */
async function reporterOf(services: Services, ticketId: number): Promise<number> {
  return services.db.transaction().execute(async (trx) => {
    const ticket = await lockTicket(trx, ticketId);
    if (!ticket) throw AppError.notFound('hotline.ticket_not_found', `no ticket ${ticketId}`);
    if (ticket.citizenId !== null) return ticket.citizenId;
    const citizenId = await insertAnonymousCitizen(trx, services.clock.now());
    await trx.updateTable('hotlineTickets').set({ citizenId }).where('id', '=', ticketId).execute();
    return citizenId;
  });
}
