/**
 * The case state machine (CJJ/T 106): for each action, the states it may start from, the state
 * it leads to, and what else must hold. Who may take an action is the policy table's business
 * (auth/policies.ts); whether it can be taken now is this table's.
 */
import { AppError } from '../errors/app-error.js';
import type { CaseStatus } from '../db/schema.js';
import type { CaseAction } from '../auth/policies.js';

export const CASE_STATUSES: readonly CaseStatus[] = [
  'pending_acceptance',
  'pending_registration',
  'registered',
  'dispatched',
  'handled',
  'closed',
  'rejected',
  'hung',
  'voided',
];

/** The Chinese label of each state, as staff and citizens read it. */
export const STATUS_LABELS: Record<CaseStatus, string> = {
  pending_acceptance: '待受理',
  pending_registration: '待立案',
  registered: '待派遣',
  dispatched: '处置中',
  handled: '待核查',
  closed: '结案',
  rejected: '不予立案',
  hung: '挂账',
  voided: '作废',
};

export const ACTION_LABELS: Record<CaseAction, string> = {
  accept: '受理',
  request_verification: '核实',
  report_verification: '核实反馈',
  register: '立案',
  reject: '不予立案',
  dispatch: '派遣',
  return: '回退',
  request_extension: '申请延期',
  approve_extension: '批准延期',
  deny_extension: '驳回延期',
  hang: '挂账',
  unhang: '取消挂账',
  urge: '催办',
  supervise: '督办',
  handle: '处置反馈',
  close: '结案',
  rework: '返工',
  void: '作废',
  merge: '合并',
  split: '拆分',
};

/** What the state machine looks at. */
export interface CaseState {
  status: CaseStatus;
  verificationRequested: boolean;
  pendingExtensionId: number | null;
  hungFromStatus: CaseStatus | null;
}

interface Requirement {
  holds(state: CaseState): boolean;
  /** Why the action cannot be taken when it does not hold. */
  otherwise: string;
}

interface Transition {
  from: readonly CaseStatus[];
  /** The state the action leads to; `undefined` keeps the current one. */
  to?: CaseStatus | ((state: CaseState) => CaseStatus);
  requires?: Requirement[];
}

const BEFORE_REGISTRATION: CaseStatus[] = ['pending_acceptance', 'pending_registration'];
const UNFINISHED: CaseStatus[] = ['pending_acceptance', 'pending_registration', 'registered', 'dispatched', 'handled'];
const ON_THE_CLOCK: CaseStatus[] = ['registered', 'dispatched'];

const noVerificationPending: Requirement = {
  holds: (state) => !state.verificationRequested,
  otherwise: 'on-site verification (核实) was requested and its result is not in yet',
};
const verificationPending: Requirement = {
  holds: (state) => state.verificationRequested,
  otherwise: 'no on-site verification (核实) was requested',
};
const noExtensionPending: Requirement = {
  holds: (state) => state.pendingExtensionId === null,
  otherwise: 'an extension request awaits a decision',
};
const extensionPending: Requirement = {
  holds: (state) => state.pendingExtensionId !== null,
  otherwise: 'no extension request awaits a decision',
};

export const TRANSITIONS: Record<CaseAction, Transition> = {
  accept: { from: ['pending_acceptance'], to: 'pending_registration' },
  request_verification: { from: BEFORE_REGISTRATION, to: 'pending_registration', requires: [noVerificationPending] },
  report_verification: { from: ['pending_registration'], requires: [verificationPending] },
  register: { from: ['pending_registration'], to: 'registered', requires: [noVerificationPending] },
  reject: { from: BEFORE_REGISTRATION, to: 'rejected' },
  dispatch: { from: ['registered'], to: 'dispatched' },
  return: { from: ['dispatched'], to: 'registered', requires: [noExtensionPending] },
  request_extension: { from: ['dispatched'], requires: [noExtensionPending] },
  approve_extension: { from: ['dispatched'], requires: [extensionPending] },
  deny_extension: { from: ['dispatched'], requires: [extensionPending] },
  hang: { from: ON_THE_CLOCK, to: 'hung', requires: [noExtensionPending] },
  unhang: { from: ['hung'], to: (state) => state.hungFromStatus ?? 'registered' },
  urge: { from: ON_THE_CLOCK },
  supervise: { from: ON_THE_CLOCK },
  handle: { from: ['dispatched'], to: 'handled', requires: [noExtensionPending] },
  close: { from: ['handled'], to: 'closed' },
  rework: { from: ['handled'], to: 'dispatched' },
  void: { from: [...UNFINISHED, 'hung'], to: 'voided' },
  merge: { from: UNFINISHED, to: 'voided' },
  split: { from: UNFINISHED },
};

/** True when the case is still being worked on (not 结案, 不予立案 or 作废). */
export function isUnfinished(status: CaseStatus): boolean {
  return UNFINISHED.includes(status) || status === 'hung';
}

/**
 * The state the action leads to from this state, or 409 `case.illegal_transition` saying why it
 * cannot be taken now.
 */
export function nextStatus(action: CaseAction, state: CaseState): CaseStatus {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(state.status)) {
    throw AppError.conflict(
      'case.illegal_transition',
      `${action} (${ACTION_LABELS[action]}) is not possible while the case is ${state.status} (${STATUS_LABELS[state.status]})`,
    );
  }
  const unmet = transition.requires?.find((requirement) => !requirement.holds(state));
  if (unmet) throw AppError.conflict('case.illegal_transition', `${action} (${ACTION_LABELS[action]}) is not possible: ${unmet.otherwise}`);
  if (transition.to === undefined) return state.status;
  return typeof transition.to === 'function' ? transition.to(state) : transition.to;
}

/** The actions the state machine allows now, for clients that offer only those. */
export function possibleActions(state: CaseState): CaseAction[] {
  return (Object.keys(TRANSITIONS) as CaseAction[]).filter((action) => {
    const transition = TRANSITIONS[action];
    return transition.from.includes(state.status) && (transition.requires ?? []).every((requirement) => requirement.holds(state));
  });
}

/** The event topic of an action: `case.` and the action in the past tense. */
export const EVENT_OF_ACTION: Record<CaseAction, string> = {
  accept: 'case.accepted',
  request_verification: 'case.verification_requested',
  report_verification: 'case.verified',
  register: 'case.registered',
  reject: 'case.rejected',
  dispatch: 'case.dispatched',
  return: 'case.returned',
  request_extension: 'case.extension_requested',
  approve_extension: 'case.extension_approved',
  deny_extension: 'case.extension_denied',
  hang: 'case.hung',
  unhang: 'case.unhung',
  urge: 'case.urged',
  supervise: 'case.supervised',
  handle: 'case.handled',
  close: 'case.closed',
  rework: 'case.reworked',
  void: 'case.voided',
  merge: 'case.merged',
  split: 'case.split',
};
