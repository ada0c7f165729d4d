/**
 * The server's contract as the console sees it: every response shape is the return type of the
 * server's own presenter, imported type-only, so `npm run typecheck` fails when the two drift.
 * Only the envelopes the route handlers wrap around presenters are spelled out here.
 */
import type { presentCaseDetail, presentCaseSummary, presentNearbyCase } from '../../../server/src/cases/present.js';
import type { presentGridDetail } from '../../../server/src/grids/grid-detail.js';
import type { performCaseAction } from '../../../server/src/workflow/perform-action.js';
import type { presentStaff, presentStaffAccount } from '../../../server/src/users/present.js';
import type { presentCategory, presentDepartment, presentDispatchRule } from '../../../server/src/taxonomy/present.js';
import type { presentTemplate } from '../../../server/src/templates/present.js';
import type { presentAuditEntry } from '../../../server/src/audit/present.js';
import type { presentCalendarYear, presentCalendarYearDetail } from '../../../server/src/calendar/present.js';
import type { findCalendarWarnings } from '../../../server/src/calendar/calendar-admin.js';
import type { PresentedPhoto } from '../../../server/src/photos/present.js';
import type { buildOverview } from '../../../server/src/evaluation/overview.js';

export type { CaseStatus, Light, StaffRole } from '../../../server/src/db/schema.js';
export type { CaseAction, PolicyAction } from '../../../server/src/auth/policies.js';
export type { CaseActionInput } from '../../../server/src/workflow/schemas.js';
export type { CreateStaffInput, UpdateStaffInput, StaffListQuery } from '../../../server/src/users/schemas.js';
export type { CalendarYearEntry } from '../../../server/src/calendar/schemas.js';
export type { AuditFilter } from '../../../server/src/audit/queries.js';
export type { TemplateAction, TemplateFilter, CreateTemplateInput, UpdateTemplateInput } from '../../../server/src/templates/schemas.js';
export type { UpdateCategoryInput } from '../../../server/src/taxonomy/schemas.js';
export type { PresentedPhoto };

export interface Page {
  total: number;
  page: number;
  pageSize: number;
}

export type Staff = ReturnType<typeof presentStaff>;
export type StaffAccount = ReturnType<typeof presentStaffAccount>;
export interface LoginResponse {
  token: string;
  expiresIn: number;
  staff: Staff;
}

export type CaseSummary = ReturnType<typeof presentCaseSummary>;
export type CaseDetail = ReturnType<typeof presentCaseDetail>;
export type CaseReport = CaseDetail['reports'][number];
export type TimelineEntry = CaseDetail['timeline'][number];
export type Deadline = CaseDetail['deadlines'][number];
export type NearbyCase = ReturnType<typeof presentNearbyCase>;
export type GridDetail = ReturnType<typeof presentGridDetail>;
export type ActionOutcome = Awaited<ReturnType<typeof performCaseAction>>;

export type Category = ReturnType<typeof presentCategory>;
export type Department = ReturnType<typeof presentDepartment>;
export type DispatchRule = ReturnType<typeof presentDispatchRule>;
export type Template = ReturnType<typeof presentTemplate>;
export type AuditEntry = ReturnType<typeof presentAuditEntry>;
export type CalendarYear = ReturnType<typeof presentCalendarYear>;
export type CalendarYearDetail = ReturnType<typeof presentCalendarYearDetail>;
export type CalendarWarnings = Awaited<ReturnType<typeof findCalendarWarnings>>;
export type Overview = Awaited<ReturnType<typeof buildOverview>>;
export type OverviewCasePoint = Overview['openCases'][number];
