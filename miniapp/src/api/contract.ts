/**
 * The server's contract as the mini program sees it: every response shape is the return type of
 * the server's own presenter, imported type-only (as admin/src/api/contract.ts does), so
 * `npm run typecheck` fails when the two drift. Only the envelopes the route handlers wrap
 * around presenters are spelled out here. Type-only imports leave nothing in the bundle.
 */
import type { PresentedReport, PresentedReportSummary } from '../../../server/src/reports/present.js';
import type { PresentedNearbyOpenCase } from '../../../server/src/cases/present.js';
import type { PresentedMiniappConfig, PresentedRating, PresentedStep } from '../../../server/src/feedback/present.js';
import type { PresentedPhoto } from '../../../server/src/photos/present.js';
import type { presentCategory } from '../../../server/src/taxonomy/present.js';
import type { presentCitizen } from '../../../server/src/users/present.js';
import type { presentLedgerEntry, presentPendingTransfer } from '../../../server/src/rewards/present.js';
import type { monthlyStatements } from '../../../server/src/rewards/queries.js';
import type { listCitizenPayouts } from '../../../server/src/settlement/citizen-queries.js';
import type { RewardRules as RewardRulesDocument } from '../../../server/src/rewards/rules.js';
import type { PublicCaseStatus } from '../../../server/src/feedback/public-stages.js';
import type { CaseRating, CoordSystem, LedgerKind, PayoutChannel, PayoutLineStatus } from '../../../server/src/db/schema.js';
import type { SubmitReportInput } from '../../../server/src/reports/schemas.js';
import type { SubscriptionResultsInput } from '../../../server/src/feedback/schemas.js';
import type { addSubscribeCredits } from '../../../server/src/feedback/subscription-queries.js';
import type { GridLookup } from '../../../server/src/grids/locate.js';
export type { GridLookup };

export type { PresentedPhoto as Photo, PresentedRating as Rating, PresentedStep as TimelineStep };
export type { PublicCaseStatus, CaseRating, CoordSystem, SubmitReportInput, LedgerKind, PayoutChannel, PayoutLineStatus };

export type Report = PresentedReport;
export type ReportSummary = PresentedReportSummary;
export type NearbyOpenCase = PresentedNearbyOpenCase;
export type Category = ReturnType<typeof presentCategory>;
export type Citizen = ReturnType<typeof presentCitizen>;
export type LedgerEntry = ReturnType<typeof presentLedgerEntry>;

export interface LoginResponse {
  token: string;
  expiresIn: number;
  citizen: Citizen;
}


export interface MyReportsPage {
  reports: Report[];
  nextBefore: number | null;
}

/** A month's payout line of `GET /rewards/mine`, its time as the handler sends it. */
export type Payout = Omit<Awaited<ReturnType<typeof listCitizenPayouts>>[number], 'paidAt'> & { paidAt: string | null };

export interface MyRewards {
  balanceFen: number;
  entries: LedgerEntry[];
  nextBefore: number | null;
  statements: Awaited<ReturnType<typeof monthlyStatements>>;
  payouts: Payout[];
}

/** A bill waiting for 领取 (`GET /rewards/transfers`): what `requestMerchantTransfer` takes, and until when. */
export type PendingTransfer = ReturnType<typeof presentPendingTransfer>;

/** How the citizen wants to be paid (`GET`/`PUT /rewards/preference`); the phone masked. */
export interface PayoutPreference {
  channel: PayoutChannel;
  phone: string | null;
}

export interface RewardRules {
  version: { id: number; effectiveFrom: string; rules: RewardRulesDocument };
}

export type MiniappConfig = PresentedMiniappConfig;
/** One answer of `requestSubscribeMessage`, as `POST /subscriptions` takes it. */
export type SubscribeResult = SubscriptionResultsInput['results'][number];
export interface SubscriptionCredits {
  credits: Awaited<ReturnType<typeof addSubscribeCredits>>;
}
