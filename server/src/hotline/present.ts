/**
 * What leaves the server about calls and tickets: callers only masked (138****1234); the number
 * in clear only through the audited reveal, or to the telephony service for a callback.
 */
import type { CaseStatus, HotlineCallOutcome } from '../db/schema.js';
import type { CallRow, TicketRow } from './queries.js';

export const OUTCOME_LABELS: Record<HotlineCallOutcome, string> = { ticket: '工单', query: '查询', agent: '人工', abandoned: '放弃' };

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** A line of the call log. */
export function presentCall(call: CallRow) {
  return {
    id: call.id,
    callId: call.callId,
    citizenId: call.citizenId,
    maskedNumber: call.callerMasked,
    known: call.callerKnown,
    startedAt: iso(call.startedAt)!,
    answeredAt: iso(call.answeredAt),
    queuedAt: iso(call.queuedAt),
    agentAnsweredAt: iso(call.agentAnsweredAt),
    endedAt: iso(call.endedAt),
    agent: call.agent,
    menuPath: call.menuPath,
    outcome: call.outcome,
    waitSeconds: call.waitSeconds,
    talkSeconds: call.talkSeconds,
  };
}

export type PresentedCall = ReturnType<typeof presentCall>;

/** Fetched with the staff bearer token (not a signed URL): recordings are personal data. */
export function recordingUrl(ticketId: number): string {
  return `/api/v1/hotline/tickets/${ticketId}/recording`;
}

export function presentTicket(ticket: TicketRow) {
  return {
    id: ticket.id,
    number: ticket.number,
    status: ticket.status,
    createdBy: ticket.createdBy,
    callId: ticket.callId,
    citizenId: ticket.citizenId,
    maskedNumber: ticket.phoneMasked,
    durationMs: ticket.durationMs,
    complete: ticket.complete,
    recordingUrl: ticket.recordingKey ? recordingUrl(ticket.id) : null,
    report: ticket.reportId === null ? null : { id: ticket.reportId, caseId: ticket.caseId!, isPrimary: ticket.isPrimary!, categoryCode: ticket.categoryCode! },
    createdAt: iso(ticket.createdAt)!,
    completedAt: iso(ticket.completedAt),
  };
}

export type PresentedTicket = ReturnType<typeof presentTicket>;

export interface CallerCase {
  caseId: number;
  reportId: number;
  status: CaseStatus;
  categoryName: string;
  source: 'miniapp' | 'hotline';
  reportedAt: string;
}

/** The agent's pop-up: the call, that caller's tickets and cases, and this call's recording. */
export function presentActiveCall(call: CallRow, history: { tickets: PresentedTicket[]; cases: CallerCase[] }) {
  const ofThisCall = history.tickets.filter((ticket) => ticket.callId === call.callId);
  return {
    ...presentCall(call),
    state: call.agentAnsweredAt ? ('talking' as const) : ('queued' as const),
    tickets: history.tickets,
    cases: history.cases,
    recordingUrl: ofThisCall.find((ticket) => ticket.recordingUrl)?.recordingUrl ?? null,
  };
}

export type PresentedActiveCall = ReturnType<typeof presentActiveCall>;
