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
import type { presentBatch, presentBill, presentLine, presentProgress } from '../../../server/src/settlement/present.js';
import type { deviceOutliers, earningsBy, lineTotals, outlierLines } from '../../../server/src/settlement/queries.js';
import type { Reconciliation } from '../../../server/src/settlement/reconcile.js';
import type { presentExclusion, presentRuleVersion } from '../../../server/src/rewards/present.js';
import type { presentContractor, presentDeduction } from '../../../server/src/contractors/present.js';
import type { monthlyTotals } from '../../../server/src/contractors/queries.js';
import type { PresentedActiveCall, PresentedCall, PresentedTicket } from '../../../server/src/hotline/present.js';
import type { PeriodReport } from '../../../server/src/hotline/period-report.js';
import type { searchPlaces } from '../../../server/src/hotline/queries.js';
import type { GridLookup } from '../../../server/src/grids/locate.js';
export type { GridLookup };

export type { CaseStatus, Light, StaffRole } from '../../../server/src/db/schema.js';
export type { CaseAction, PolicyAction } from '../../../server/src/auth/policies.js';
export type { CaseActionInput } from '../../../server/src/workflow/schemas.js';
export type { CreateStaffInput, UpdateStaffInput, StaffListQuery } from '../../../server/src/users/schemas.js';
export type { CalendarYearEntry } from '../../../server/src/calendar/schemas.js';
export type { AuditFilter } from '../../../server/src/audit/queries.js';
export type { TemplateAction, TemplateFilter, CreateTemplateInput, UpdateTemplateInput } from '../../../server/src/templates/schemas.js';
export type { UpdateCategoryInput } from '../../../server/src/taxonomy/schemas.js';
export type { BatchStatus, BillState, PayoutChannel, PayoutLineStatus } from '../../../server/src/db/schema.js';
export type { LineFilter } from '../../../server/src/settlement/queries.js';
export type { RewardRules } from '../../../server/src/rewards/rules.js';
export type { NewContractedArea, NewContractor } from '../../../server/src/contractors/schemas.js';
export type { Reconciliation };
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

export type SettlementBatch = ReturnType<typeof presentBatch>;
export type PayoutLine = ReturnType<typeof presentLine>;
export type TransferBill = ReturnType<typeof presentBill>;
export type PaymentProgress = ReturnType<typeof presentProgress>;
export interface BatchReview {
  batch: SettlementBatch;
  totals: {
    byStatusAndChannel: Awaited<ReturnType<typeof lineTotals>>;
    byStreet: Awaited<ReturnType<typeof earningsBy>>;
    byCategory: Awaited<ReturnType<typeof earningsBy>>;
  };
  outliers: Awaited<ReturnType<typeof outlierLines>>;
  deviceOutliers: Awaited<ReturnType<typeof deviceOutliers>>;
}
export type RewardRuleVersion = ReturnType<typeof presentRuleVersion>;
export type RewardExclusion = ReturnType<typeof presentExclusion>;

export type HotlineCall = PresentedCall;
export type ActiveCall = PresentedActiveCall;
export type HotlineTicket = PresentedTicket;
export type HotlineReport = PeriodReport;
export type HotlinePlace = Awaited<ReturnType<typeof searchPlaces>>[number];
export type { CompleteTicketInput, StaffTicketInput } from '../../../server/src/hotline/schemas.js';
export interface CompletedTicket {
  ticket: HotlineTicket;
  report: { id: number; caseId: number; isPrimary: boolean };
}
export type Contractor = ReturnType<typeof presentContractor>;
export type ContractedArea = Contractor['areas'][number];
export type ContractorDeduction = ReturnType<typeof presentDeduction>;
export type ContractorMonthTotal = Awaited<ReturnType<typeof monthlyTotals>>[number];
