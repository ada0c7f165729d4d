/**
 * Who may do what: the one policy table (role × action × resource condition). Handlers call
 * `authorize`; use cases never look at roles themselves.
 *
 * Case actions are also governed by the state machine (workflow/transitions.ts): `authorize`
 * answers "may this person ever do this to this case", the state machine "can it be done now".
 */
import { AppError } from '../errors/app-error.js';
import type { CaseStatus, StaffRole } from '../db/schema.js';
import type { StaffActor } from './tokens.js';

export const CASE_ACTIONS = [
  'accept',
  'request_verification',
  'report_verification',
  'register',
  'reject',
  'dispatch',
  'return',
  'request_extension',
  'approve_extension',
  'deny_extension',
  'hang',
  'unhang',
  'urge',
  'supervise',
  'handle',
  'close',
  'rework',
  'void',
  'merge',
  'split',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Actions on things other than one case's workflow. */
export type PlatformAction =
  | 'view_case'
  | 'list_cases'
  | 'view_personal_data'
  | 'upload_case_photo'
  | 'manage_staff'
  | 'read_audit_log'
  | 'manage_calendar'
  | 'manage_dispatch_rules'
  | 'manage_templates'
  | 'manage_taxonomy'
  | 'view_overview'
  | 'manage_reward_rules'
  | 'view_settlement'
  | 'manage_settlement'
  | 'approve_settlement'
  | 'manage_contractors'
  | 'view_hotline'
  | 'handle_hotline'
  | 'view_hotline_reports'
  | 'monitor_hotline_calls';

export type PolicyAction = CaseAction | PlatformAction;

/** What a condition may look at: the case as it stands (absent for platform actions). */
export interface PolicyResource {
  status?: CaseStatus;
  departmentCode?: string | null;
  /** The extension awaiting a decision: its number (1 = first) and whether it fits the dispatcher's limit. */
  pendingExtension?: { ordinal: number; withinDispatcherLimit: boolean } | null;
}

interface Condition {
  /** Said in the 403 when the condition fails. */
  describe: string;
  holds(actor: StaffActor, resource: PolicyResource): boolean;
}

const always: Condition = { describe: 'always', holds: () => true };

/** A department handler acts only on cases dispatched to its own unit. */
const ownDepartment: Condition = {
  describe: 'only on cases dispatched to your own department',
  holds: (actor, resource) => actor.departmentCode !== null && resource.departmentCode === actor.departmentCode,
};

/** The shift's dispatcher approves the first extension, and only within the configured limit. */
const firstExtensionWithinLimit: Condition = {
  describe: 'only the first extension within the configured limit; a supervisor decides further ones',
  holds: (_actor, resource) => !resource.pendingExtension || (resource.pendingExtension.ordinal === 1 && resource.pendingExtension.withinDispatcherLimit),
};

interface Rule {
  role: StaffRole;
  actions: readonly PolicyAction[];
  when: Condition;
}

const CENTRE_ROLES: StaffRole[] = ['reviewer', 'dispatcher', 'verifier', 'supervisor', 'agent', 'admin'];

/** The table. Read it as "a <role> may <actions> when <condition>". */
const RULES: Rule[] = [
  { role: 'reviewer', actions: ['accept', 'request_verification', 'register', 'reject', 'merge', 'view_personal_data'], when: always },
  { role: 'verifier', actions: ['report_verification', 'close', 'rework', 'upload_case_photo'], when: always },
  {
    role: 'dispatcher',
    actions: ['dispatch', 'hang', 'unhang', 'urge', 'supervise', 'void', 'merge', 'split', 'manage_dispatch_rules'],
    when: always,
  },
  { role: 'dispatcher', actions: ['approve_extension', 'deny_extension'], when: firstExtensionWithinLimit },
  { role: 'supervisor', actions: ['approve_extension', 'deny_extension', 'supervise', 'urge'], when: always },
  { role: 'department', actions: ['return', 'request_extension', 'handle', 'view_case'], when: ownDepartment },
  // An after-photo is uploaded before it is attached; the case is checked when 处置 attaches it.
  // The overview, like the case list, shows a unit only its own cases (caseVisibility).
  { role: 'department', actions: ['list_cases', 'upload_case_photo', 'view_overview'], when: always },
  ...CENTRE_ROLES.map((role): Rule => ({ role, actions: ['view_case', 'list_cases', 'view_overview'], when: always })),
  { role: 'agent', actions: ['view_personal_data'], when: always },
  // 热线: agents take calls and complete tickets; the shift leader and administrators watch, and
  // see every agent's calls (an agent sees the queue and the calls on their own extension).
  { role: 'agent', actions: ['view_hotline', 'handle_hotline', 'view_hotline_reports'], when: always },
  ...(['supervisor', 'admin'] as const).map((role): Rule => ({ role, actions: ['view_hotline', 'view_hotline_reports', 'monitor_hotline_calls'], when: always })),
  // Finance prepares, reviews and pays settlements; the batch's two approvals must come from two
  // different finance users (maker, then checker), which the batch itself enforces.
  { role: 'finance', actions: ['view_settlement', 'manage_settlement', 'approve_settlement'], when: always },
  { role: 'admin', actions: ['manage_reward_rules', 'view_settlement', 'manage_contractors'], when: always },
  {
    role: 'admin',
    actions: ['manage_staff', 'read_audit_log', 'manage_calendar', 'manage_dispatch_rules', 'manage_templates', 'manage_taxonomy'],
    when: always,
  },
];

function rulesFor(actor: StaffActor, action: PolicyAction): Rule[] {
  return RULES.filter((rule) => actor.roles.includes(rule.role) && rule.actions.includes(action));
}

/** Whether any of the actor's roles may ever take the action, whatever the resource. */
export function mayEver(actor: StaffActor, action: PolicyAction): boolean {
  return rulesFor(actor, action).length > 0;
}

/** True when a rule of one of the actor's roles allows the action on this resource. */
export function can(actor: StaffActor, action: PolicyAction, resource: PolicyResource = {}): boolean {
  return rulesFor(actor, action).some((rule) => rule.when.holds(actor, resource));
}

/** Throws 403 `auth.forbidden` naming the action and, when a condition failed, what it requires. */
export function authorize(actor: StaffActor, action: PolicyAction, resource: PolicyResource = {}): void {
  const rules = rulesFor(actor, action);
  if (rules.length === 0) {
    throw AppError.forbidden('auth.forbidden', `your roles (${actor.roles.join(', ')}) may not ${action}`);
  }
  if (!rules.some((rule) => rule.when.holds(actor, resource))) {
    throw AppError.forbidden('auth.forbidden', `${action} is allowed ${rules.map((rule) => rule.when.describe).join(' or ')}`);
  }
}

/** The actions the actor may take, for clients that build menus from them. */
export function allowedActions(actor: StaffActor, resource: PolicyResource): PolicyAction[] {
  const actions = new Set(RULES.flatMap((rule) => rule.actions));
  return [...actions].filter((action) => can(actor, action, resource));
}

/**
 * Which cases the actor may list, as a filter the case queries apply: everything for the centre's
 * roles, only its own unit's cases for a department handler, nothing otherwise.
 */
export function caseVisibility(actor: StaffActor): { scope: 'all' } | { scope: 'department'; departmentCode: string } | { scope: 'none' } {
  const rules = rulesFor(actor, 'view_case');
  if (rules.some((rule) => rule.when === always)) return { scope: 'all' };
  if (rules.some((rule) => rule.when === ownDepartment) && actor.departmentCode) return { scope: 'department', departmentCode: actor.departmentCode };
  return { scope: 'none' };
}
