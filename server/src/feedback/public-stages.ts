/**
 * The citizen's words for a case, in one place: which staff actions show as a step on the
 * reporters' timeline (and under what name), and how each internal state reads on their side.
 * Everything else (核实, 回退, 延期, 催办, 督办, overdue lights) is the centre's own business.
 */
import type { CaseStatus } from '../db/schema.js';

export interface PublicStage {
  /** Stable code clients switch on. */
  stage: string;
  label: string;
  /**
   * The row belongs to the case named by this payload field rather than the event's own: after a
   * merge or split the moved reporters follow that case, so that is where they read why.
   */
  onCase?: 'intoCaseId' | 'newCaseId';
  /** The event's `publicReason` is shown: the reason the staff wrote for the citizen. */
  showsReason?: boolean;
  /**
   * Only the case's first such event makes a row. A re-dispatch after 回退 only corrects the
   * centre's own routing; the citizen already reads 处置中 and the problem is no nearer a fix.
   */
  firstOnly?: boolean;
  /**
   * Photo ids the row keeps: the event's own (处置's after-photos), or those of the case's latest
   * 处置 before it (结案 confirms them).
   */
  photos?: 'from_event' | 'from_latest_handling';
  /** The timeline shows the row's photos. After-photos show only once 核查 has confirmed them. */
  showsPhotos?: boolean;
}

/** Event topic → the step it makes on the public timeline. Topics not listed make none. */
export const PUBLIC_STAGES: Readonly<Record<string, PublicStage>> = {
  'case.accepted': { stage: 'accepted', label: '已受理' },
  'case.registered': { stage: 'registered', label: '已立案' },
  'case.rejected': { stage: 'rejected', label: '不予立案', showsReason: true },
  'case.dispatched': { stage: 'dispatched', label: '处置中', firstOnly: true },
  // Each 处置 is a step, also after a 返工: the citizen should know the unit says it is done.
  'case.handled': { stage: 'handled', label: '已处置，待核查', photos: 'from_event' },
  // Without this step a failed 核查 would leave 已处置 as the last word while the case is back at 处置中.
  'case.reworked': { stage: 'reworked', label: '核查未通过，重新处置' },
  'case.closed': { stage: 'closed', label: '已结案', photos: 'from_latest_handling', showsPhotos: true },
  'case.hung': { stage: 'hung', label: '挂账（长期问题）' },
  'case.unhung': { stage: 'resumed', label: '恢复处置' },
  'case.voided': { stage: 'voided', label: '已作废', showsReason: true },
  'case.merged': { stage: 'merged', label: '与同一问题的其他举报合并处理', onCase: 'intoCaseId' },
  'case.split': { stage: 'split', label: '拆分为单独案件处理', onCase: 'newCaseId' },
};

const STAGES_BY_CODE = new Map(Object.values(PUBLIC_STAGES).map((stage) => [stage.stage, stage]));

/** The stage of a stored progress row. @throws for a code no topic produces */
export function publicStage(code: string): PublicStage {
  const stage = STAGES_BY_CODE.get(code);
  if (!stage) throw new Error(`unknown public stage ${code}`);
  return stage;
}

/** The status codes a citizen sees: the internal ones, except that 待派遣 and 处置中 are one. */
export type PublicCaseStatus = Exclude<CaseStatus, 'registered' | 'dispatched'> | 'in_progress';

/**
 * Internal state → what its reporters read. 待派遣 (registered) reads 处置中 like dispatched: the
 * wait for dispatch is short, and a 回退 moves a case from dispatched back to registered, which
 * the citizen would otherwise see as a step backwards.
 */
export const PUBLIC_STATUSES: Readonly<Record<CaseStatus, { status: PublicCaseStatus; label: string }>> = {
  pending_acceptance: { status: 'pending_acceptance', label: '待受理' },
  pending_registration: { status: 'pending_registration', label: '待立案' },
  registered: { status: 'in_progress', label: '处置中' },
  dispatched: { status: 'in_progress', label: '处置中' },
  handled: { status: 'handled', label: '待核查' },
  closed: { status: 'closed', label: '已结案' },
  rejected: { status: 'rejected', label: '不予立案' },
  hung: { status: 'hung', label: '挂账' },
  voided: { status: 'voided', label: '已作废' },
};
