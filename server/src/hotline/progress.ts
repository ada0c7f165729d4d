/**
 * 进度查询 by phone: a caller keys a case id or a ticket number and hears its stage, and when
 * finished its result, but only when their own number reported it. Anyone else hears "not
 * found", whether or not the number exists.
 */
import type { CaseStatus } from '../db/schema.js';
import type { Services } from '../services.js';
import { hashPhone, normalizePhone } from '../users/phone-numbers.js';
import { findCaseStatus, findCitizenByPhoneHash, findCitizenReportOnCase, findPublicReason, findTicketByNumber, markQueryAnswered } from './queries.js';
import type { ProgressQuery } from './schemas.js';

export type SpokenStage = 'waiting' | 'received' | 'registered' | 'rejected' | 'dispatched' | 'handled' | 'closed' | 'voided';

export type ProgressAnswer = { found: false } | { found: true; kind: 'case' | 'ticket'; stage: SpokenStage; stageText: string; resultText?: string };

/** Internal state → the stage a caller hears (the public stages, 挂账 heard as 处置中). */
const STAGE_OF_STATUS: Record<CaseStatus, SpokenStage> = {
  pending_acceptance: 'received',
  pending_registration: 'received',
  registered: 'registered',
  dispatched: 'dispatched',
  hung: 'dispatched',
  handled: 'handled',
  closed: 'closed',
  rejected: 'rejected',
  voided: 'voided',
};

/** Sentences safe to speak: no staff names, units or internal notes. */
export const STAGE_TEXT: Record<SpokenStage, string> = {
  waiting: '您的热线工单已登记，正在等待话务员录入处理。',
  received: '您反映的问题已收到，正在受理核实。',
  registered: '您反映的问题已立案，正在安排处置。',
  dispatched: '您反映的问题已交由责任单位处置。',
  handled: '责任单位已处置完毕，正在核查。',
  closed: '您反映的问题已处理完毕，案件已结案。',
  rejected: '您反映的问题经核实不予立案。',
  voided: '您反映的问题已作废。',
};

const NOT_FOUND: ProgressAnswer = { found: false };

export async function lookUpProgress(services: Services, query: ProgressQuery): Promise<ProgressAnswer> {
  const phone = normalizePhone(query.callerNumber);
  if (!phone) return NOT_FOUND;
  const citizen = await findCitizenByPhoneHash(services.db, hashPhone(phone, services.config.personalData));
  if (!citizen) return NOT_FOUND;
  // The caller's question was answered (found or not): the call's outcome is `query`.
  await markQueryAnswered(services.db, citizen.id);
  const ticket = query.number.length === 10 ? await findTicketByNumber(services.db, query.number) : undefined;
  if (ticket && ticket.citizenId === citizen.id) {
    if (ticket.caseId === null) return { found: true, kind: 'ticket', stage: 'waiting', stageText: STAGE_TEXT.waiting };
    return { kind: 'ticket', ...(await caseAnswer(services, ticket.caseId)) };
  }
  const report = await findCitizenReportOnCase(services.db, citizen.id, Number(query.number));
  if (!report) return NOT_FOUND;
  return { kind: 'case', ...(await caseAnswer(services, report.caseId)) };
}

async function caseAnswer(services: Services, caseId: number) {
  const theCase = (await findCaseStatus(services.db, caseId))!;
  const stage = STAGE_OF_STATUS[theCase.status];
  return { found: true as const, stage, stageText: STAGE_TEXT[stage], ...(await resultOf(services, caseId, stage)) };
}

/** What a finished case came to: the reason written for the citizen, or that it was fixed. */
async function resultOf(services: Services, caseId: number, stage: SpokenStage): Promise<{ resultText?: string }> {
  if (stage === 'closed') return { resultText: '处置结果已经核查确认，感谢您对城市管理工作的支持。' };
  if (stage !== 'rejected' && stage !== 'voided') return {};
  const reason = await findPublicReason(services.db, caseId);
  return reason ? { resultText: `原因是：${reason}` } : {};
}
