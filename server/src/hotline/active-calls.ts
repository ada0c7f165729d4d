/** 来电弹屏: the active calls a staff member's console pops, each with its caller's history. */
import { mayEver } from '../auth/policies.js';
import type { StaffActor } from '../auth/tokens.js';
import type { Executor } from '../db/database.js';
import { findStaffProfile } from '../users/staff-queries.js';
import { presentActiveCall, presentTicket } from './present.js';
import { listActiveCalls, listCasesOfCitizens, listTicketsOfCalls, listTicketsOfCitizens } from './queries.js';

/**
 * Calls still queued go to every desk: any agent may pick one up. A call an agent answered goes
 * to the desk of the account on that agent's extension, and to those who watch every call
 * (supervisors, administrators).
 */
export async function listActiveCallsFor(db: Executor, actor: StaffActor) {
  const calls = await listActiveCalls(db, await extensionFilter(db, actor));
  const citizenIds = [...new Set(calls.flatMap((call) => (call.citizenId === null ? [] : [call.citizenId])))];
  const [byCitizen, byCall, cases] = await Promise.all([
    listTicketsOfCitizens(db, citizenIds),
    listTicketsOfCalls(db, calls.map((call) => call.id)),
    listCasesOfCitizens(db, citizenIds),
  ]);
  return calls.map((call) => {
    const tickets = [...byCitizen.filter((ticket) => call.citizenId !== null && ticket.citizenId === call.citizenId), ...byCall.filter((ticket) => ticket.callRowId === call.id && ticket.citizenId === null)];
    return presentActiveCall(call, {
      tickets: tickets.map(presentTicket),
      cases: cases
        .filter((row) => row.citizenId === call.citizenId)
        .map((row) => ({ caseId: row.caseId, reportId: row.reportId, status: row.status, categoryName: row.categoryName, source: row.source, reportedAt: new Date(row.reportedAt).toISOString() })),
    });
  });
}

/**
 * The extension whose answered calls the actor sees, or null for every call. An account without
 * an extension sees every call too: until the administrator records which extension an agent
 * sits at, nothing can tell their calls from others', and hiding the call they are talking on
 * would lose the caller's pop (their number, history and recording) exactly when it is needed.
 */
async function extensionFilter(db: Executor, actor: StaffActor): Promise<string | null> {
  if (mayEver(actor, 'monitor_hotline_calls')) return null;
  return (await findStaffProfile(db, actor.staffId))?.sipExtension ?? null;
}
