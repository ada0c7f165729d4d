/**
 * Hotline tickets (热线工单): made by the IVR from a caller's recorded report, or by an agent
 * for a call they take live. Each gets a number the caller can key in later: the Beijing date
 * (YYMMDD) and the day's 4-digit sequence.
 */
import { recordAudit } from '../audit/record-audit.js';
import type { StaffActor } from '../auth/tokens.js';
import type { Trx } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { Services } from '../services.js';
import { normalizePhone, protectPhone } from '../users/phone-numbers.js';
import { findCall, findIvrTicketOfCall, findOrCreatePhoneCitizen, insertTicket, nextDailySeq, type CallRow } from './queries.js';
import { recordingKey, type RecordingStore } from './recordings.js';
import { lockCallOrFail, refreshCallRecord } from './record-call.js';
import type { StaffTicketInput } from './schemas.js';
import { beijingDate } from './beijing-time.js';

const MAX_DAILY_TICKETS = 9999;

async function allocateNumber(trx: Trx, now: Date): Promise<{ number: string; ticketDate: string; dailySeq: number }> {
  const ticketDate = beijingDate(now);
  const dailySeq = await nextDailySeq(trx, ticketDate);
  if (dailySeq > MAX_DAILY_TICKETS) {
    throw new AppError(503, 'hotline.ticket_numbers_exhausted', `all ${MAX_DAILY_TICKETS} ticket numbers of ${ticketDate} are taken`);
  }
  const number = `${ticketDate.slice(2).replaceAll('-', '')}${String(dailySeq).padStart(4, '0')}`;
  return { number, ticketDate, dailySeq };
}

interface IvrTicketProps {
  callId: string;
  durationMs: number;
  complete: boolean;
  recording?: { bytes: Buffer; sha256: string };
}

/**
 * The IVR's ticket for a call, holding the recording (or what was captured of it). One per
 * call: a retry answers the first ticket and replaces nothing.
 */
export async function createIvrTicket(services: Services, store: RecordingStore, props: IvrTicketProps): Promise<{ ticketId: number; created: boolean }> {
  const call = await findCall(services.db, props.callId);
  if (!call) throw AppError.notFound('hotline.call_not_found', `no call ${props.callId}`);
  const earlier = await findIvrTicketOfCall(services.db, call.id);
  if (earlier) return { ticketId: earlier.id, created: false };
  // Stored before the row that names it; content-addressed, so a retry rewrites the same file.
  const key = props.recording ? recordingKey(props.recording.sha256) : null;
  if (key) await store.put(key, props.recording!.bytes);
  const now = services.clock.now();
  return services.db.transaction().execute(async (trx) => {
    const locked = await lockCallOrFail(trx, props.callId);
    const raced = await findIvrTicketOfCall(trx, locked.id);
    if (raced) return { ticketId: raced.id, created: false };
    const ticketId = await insertTicket(trx, {
      ...(await allocateNumber(trx, now)),
      callId: locked.id,
      citizenId: locked.citizenId,
      createdBy: 'ivr',
      createdByStaffId: null,
      recordingKey: key,
      recordingSha256: props.recording?.sha256 ?? null,
      recordingBytes: props.recording?.bytes.length ?? null,
      durationMs: props.durationMs,
      complete: props.complete,
      createdAt: now,
    });
    // A caller who hangs up while recording reaches `ended` before the upload: the outcome changes.
    await refreshCallRecord(trx, locked);
    return { ticketId, created: true };
  });
}

/** An agent's ticket for a call they take live (or for a number they were given). */
export async function createStaffTicket(services: Services, props: { actor: StaffActor; ip: string; input: StaffTicketInput }): Promise<number> {
  const { actor, input } = props;
  const number = input.callerNumber === undefined ? null : normalizePhone(input.callerNumber);
  if (input.callerNumber !== undefined && !number) {
    throw AppError.badRequest('request.invalid', 'callerNumber is not a phone number', [{ field: 'callerNumber', message: 'digits of the caller’s number' }]);
  }
  const now = services.clock.now();
  return services.db.transaction().execute(async (trx) => {
    const call: CallRow | null = input.callId ? await lockCallOrFail(trx, input.callId) : null;
    const citizenId = number ? (await findOrCreatePhoneCitizen(trx, protectPhone(number, services.config.personalData), now)).id : (call?.citizenId ?? null);
    const ticketId = await insertTicket(trx, {
      ...(await allocateNumber(trx, now)),
      callId: call?.id ?? null,
      citizenId,
      createdBy: 'staff',
      createdByStaffId: actor.staffId,
      recordingKey: null,
      recordingSha256: null,
      recordingBytes: null,
      complete: true,
      createdAt: now,
    });
    if (call) await refreshCallRecord(trx, call);
    await recordAudit(trx, { at: now, staffId: actor.staffId, username: actor.username, action: 'hotline.ticket_created', targetType: 'hotline_ticket', targetId: ticketId, ip: props.ip, details: { callId: input.callId ?? null } });
    return ticketId;
  });
}
