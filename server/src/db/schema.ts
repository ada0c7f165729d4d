/** Row types of every table, in the camelCase Kysely's CamelCasePlugin presents. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A column with a default: optional on insert. */
type Optional<T> = ColumnType<T, T | undefined, T>;

export interface DepartmentTable {
  code: string;
  name: string;
  kind: 'department' | 'street_office';
  /** The street a street office serves; null for district departments. */
  streetCode: ColumnType<string | null, string | null | undefined, string | null>;
  /** Null while the data file owns the row; the administrator who last edited it otherwise. */
  editedBy: ColumnType<string | null, string | null | undefined, string | null>;
  editedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface CategoryTable {
  code: string;
  kind: 'component' | 'event';
  name: string;
  majorCode: string;
  majorName: string;
  departmentCode: string;
  timeLimitValue: number;
  timeLimitUnit: 'working_hours' | 'working_days' | 'natural_hours';
  dedupRadiusM: number;
  dedupWindowH: number;
  /** Limits of the stages before 处置, in hours of the category's clock. */
  acceptLimitHours: ColumnType<number, number | undefined, number>;
  registerLimitHours: ColumnType<number, number | undefined, number>;
  dispatchLimitHours: ColumnType<number, number | undefined, number>;
  /** Null while the data file owns the row; the administrator who last edited it otherwise. */
  editedBy: ColumnType<string | null, string | null | undefined, string | null>;
  editedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface AreaTable {
  code: string;
  name: string;
  level: 'district' | 'street' | 'community';
  parentCode: string | null;
}

export interface GridTable {
  code: string;
  scheme: Generated<string>;
  communityCode: string;
  streetCode: string;
  districtCode: string;
  /** PostgreSQL `polygon` text form: ((lng,lat),...) */
  boundary: string;
}

export interface CitizenTable {
  id: Generated<number>;
  openid: string | null;
  unionid: string | null;
  nickname: string | null;
  createdAt: Timestamp;
  /** A hotline caller's number: HMAC hash (the lookup key), AES-256-GCM ciphertext, masked form. */
  phoneHash: Optional<string | null>;
  phoneEncrypted: Optional<string | null>;
  phoneMasked: Optional<string | null>;
}

export interface PhotoTable {
  id: string;
  ownerCitizenId: number | null;
  ownerStaffId: ColumnType<number | null, number | null | undefined, number | null>;
  /** The case a staff photo (after-photo of 处置 or 核查) documents. */
  caseId: ColumnType<number | null, number | null | undefined, number | null>;
  sha256: string;
  format: string;
  width: number;
  height: number;
  bytes: number;
  takenAt: Timestamp | null;
  exifLat: number | null;
  exifLng: number | null;
  reportId: number | null;
  publishedAt: Timestamp | null;
  createdAt: Timestamp;
  /** The mini program installation a citizen uploaded from (its own random id), when it said. */
  deviceId: Optional<string | null>;
}

export type CaseStatus =
  | 'pending_acceptance'
  | 'pending_registration'
  | 'registered'
  | 'dispatched'
  | 'handled'
  | 'closed'
  | 'rejected'
  | 'hung'
  | 'voided';

export interface CaseTable {
  id: Generated<number>;
  categoryCode: string;
  status: CaseStatus;
  lat: number;
  lng: number;
  h3Cell: string;
  gridCode: string;
  streetCode: string;
  reporterCount: Generated<number>;
  openedAt: Timestamp;
  lastReportedAt: Timestamp;
  version: Generated<number>;
  departmentCode: Optional<string | null>;
  /** Where 挂账 parked it from, so 取消挂账 returns it there. */
  hungFromStatus: Optional<CaseStatus | null>;
  hungReviewOn: Optional<string | null>;
  mergedIntoCaseId: Optional<number | null>;
  /** A reviewer asked a verifier for on-site 核实 and the answer is not in yet. */
  verificationRequested: Generated<boolean>;
  pendingExtensionId: Optional<number | null>;
  returnCount: Generated<number>;
  reworkCount: Generated<number>;
  light: Generated<Light>;
  /** Deadline of the running stage clock; null when no clock runs. */
  dueAt: Optional<Date | null>;
  closedAt: Optional<Date | null>;
}

export type Light = 'green' | 'yellow' | 'red' | 'none';

export type StaffRole = 'reviewer' | 'dispatcher' | 'department' | 'verifier' | 'supervisor' | 'agent' | 'finance' | 'admin';

export interface StaffTable {
  id: Generated<number>;
  username: string;
  name: string;
  passwordHash: string;
  roles: StaffRole[];
  departmentCode: string | null;
  /** The FreeSWITCH user or callcenter agent name the account takes calls on (`1000`, `1002@default`). */
  sipExtension: Optional<string | null>;
  failedLogins: Generated<number>;
  lockedUntil: Optional<Date | null>;
  disabledAt: Optional<Date | null>;
  createdAt: Timestamp;
}

export interface StaffSessionTable {
  id: string;
  staffId: number;
  issuedAt: Timestamp;
  expiresAt: Timestamp;
  endedAt: Optional<Date | null>;
}

export type ClockStage = 'accept' | 'register' | 'dispatch' | 'handle';

export interface CaseClockTable {
  id: Generated<number>;
  caseId: number;
  stage: ClockStage;
  kind: 'working' | 'natural';
  limitMs: number;
  startedAt: Timestamp;
  dueAt: Timestamp;
  pausedAt: Optional<Date | null>;
  remainingMs: Optional<number | null>;
  stoppedAt: Optional<Date | null>;
  overdueAt: Optional<Date | null>;
  assumedYears: ColumnType<number[], number[] | undefined, number[]>;
}

export interface CaseTimelineTable {
  id: Generated<number>;
  caseId: number;
  action: string;
  fromStatus: CaseStatus;
  toStatus: CaseStatus;
  actorKind: 'staff' | 'system';
  staffId: number | null;
  role: StaffRole | null;
  at: Timestamp;
  reason: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  photoIds: ColumnType<string[], string[] | undefined, string[]>;
}

export interface CaseExtensionTable {
  id: Generated<number>;
  caseId: number;
  ordinal: number;
  amount: number;
  unit: 'hours' | 'days';
  reason: string;
  requestedBy: number;
  requestedAt: Timestamp;
  status: Generated<'pending' | 'approved' | 'denied'>;
  decidedBy: Optional<number | null>;
  decidedAt: Optional<Date | null>;
}

export interface CaseDispatchTable {
  id: Generated<number>;
  caseId: number;
  departmentCode: string;
  suggestedDepartmentCode: string;
  dispatchedBy: number;
  dispatchedAt: Timestamp;
  returnedAt: Optional<Date | null>;
  returnReason: Optional<string | null>;
}

export interface DispatchRuleTable {
  categoryCode: string;
  streetCode: string;
  departmentCode: string;
}

/** A 常用语 phrase offered for one case action (or 'any'), optionally only for one category. */
export interface ResponseTemplateTable {
  id: Generated<number>;
  action: string;
  categoryCode: string | null;
  text: string;
  sortOrder: Optional<number>;
  /** Null for the seeded demo set. */
  createdBy: number | null;
  createdAt: Timestamp;
}

export interface StaffAuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  staffId: number | null;
  username: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface CasePublicProgressTable {
  eventId: number;
  caseId: number;
  stage: string;
  at: Timestamp;
  reason: string | null;
  photoIds: ColumnType<string[], string[] | undefined, string[]>;
}

export type CoordSystem = 'wgs84' | 'gcj02';

export interface ReportTable {
  id: Generated<number>;
  citizenId: number;
  idempotencyKey: string;
  requestHash: string;
  source: 'miniapp' | 'hotline';
  caseId: number;
  isPrimary: boolean;
  categoryCode: string;
  lat: number;
  lng: number;
  coordSystem: CoordSystem;
  clientLat: number;
  clientLng: number;
  gridCode: string;
  description: string;
  address: string | null;
  createdAt: Timestamp;
  /** 'follow': a 关注 of an existing case (never primary, no photos). */
  kind: Optional<ReportKind>;
}

export type ReportKind = 'report' | 'follow';

export type CaseRating = 'satisfied' | 'basically_satisfied' | 'dissatisfied';

export interface CaseRatingTable {
  id: Generated<number>;
  caseId: number;
  citizenId: number;
  reportId: number | null;
  channel: 'miniapp' | 'hotline_callback';
  rating: CaseRating;
  comment: string | null;
  ratedAt: Timestamp;
}

export interface SubscribeCreditTable {
  citizenId: number;
  templateId: string;
  credits: number;
  updatedAt: Timestamp;
}

export interface SubscriptionGrantTable {
  citizenId: number;
  idempotencyKey: string;
  requestHash: string;
  createdAt: Timestamp;
}

export type SubscribeMessageStatus = 'sending' | 'sent' | 'skipped_demo' | 'refused' | 'failed';

export interface SubscribeMessageTable {
  id: Generated<number>;
  eventId: number;
  citizenId: number;
  templateId: string;
  caseId: number | null;
  data: ColumnType<Record<string, { value: string }>, string, string>;
  status: SubscribeMessageStatus;
  errcode: Optional<number | null>;
  createdAt: Timestamp;
  finishedAt: Optional<Date | null>;
}

export interface CaseReporterTable {
  caseId: number;
  citizenId: number;
  firstReportId: number;
}

export interface OutboxTable {
  id: Generated<number>;
  topic: string;
  payload: unknown;
  createdAt: Timestamp;
  relayedAt: Timestamp | null;
}

export interface CalendarYearTable {
  year: number;
  /** Normally the title of the State Council notice. */
  source: string;
  /** Null for years seeded from calendar/data/holidays.json; those follow the file on every boot. */
  enteredBy: string | null;
  enteredAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CalendarDayTable {
  /** PostgreSQL `date`; select it as `date::text`, since pg turns a bare date into a local-midnight Date. */
  date: string;
  year: number;
  kind: 'holiday' | 'makeup_workday';
  name: string | null;
}

export type LedgerKind = 'credit' | 'reversal' | 'settlement' | 'settlement_return';

export interface RewardRuleVersionTable {
  id: Generated<number>;
  effectiveFrom: Timestamp;
  /** RewardRules (rewards/rules.ts). */
  rules: ColumnType<unknown, string, string>;
  note: Optional<string>;
  createdBy: number | null;
  createdAt: Timestamp;
}

export interface RewardExclusionTable {
  citizenId: number;
  kind: 'staff' | 'collector' | 'abuse';
  reason: string;
  createdBy: number;
  createdAt: Timestamp;
}

export interface RewardLedgerTable {
  id: Generated<number>;
  citizenId: number;
  amountFen: number;
  kind: LedgerKind;
  cause: string;
  caseId: Optional<number | null>;
  ruleCode: Optional<string | null>;
  ruleVersionId: Optional<number | null>;
  cappedBy: Optional<'daily_cap' | 'monthly_cap' | 'pool' | null>;
  cappedFen: Optional<number>;
  reversesEntryId: Optional<number | null>;
  payoutLineId: Optional<number | null>;
  eventId: Optional<number | null>;
  streetCode: Optional<string | null>;
  categoryCode: Optional<string | null>;
  earnedAt: Timestamp;
  createdAt: Timestamp;
}

export type PayoutChannel = 'wechat_transfer' | 'phone_credit' | 'manual';

export interface PayoutPreferenceTable {
  citizenId: number;
  channel: PayoutChannel;
  /** Plain, only in rows written before migration 0016 until the next start encrypts them. */
  phone: Optional<string | null>;
  /** The 话费 number (AES-256-GCM, users/phone-numbers.ts) and its masked form; phone_credit only. */
  phoneEncrypted: Optional<string | null>;
  phoneMasked: Optional<string | null>;
  updatedAt: Timestamp;
}

export type BatchStatus = 'review' | 'checking' | 'approved' | 'paying' | 'done';

export interface SettlementBatchTable {
  id: Generated<number>;
  /** The first day of the month settled, as `YYYY-MM-DD` (select it as `month::text`). */
  month: string;
  status: BatchStatus;
  createdBy: number | null;
  createdAt: Timestamp;
  makerId: Optional<number | null>;
  madeAt: Optional<Date | null>;
  checkerId: Optional<number | null>;
  checkedAt: Optional<Date | null>;
  /** The checker's last send-back to the maker (review again), with its reason. */
  sentBackBy: Optional<number | null>;
  sentBackAt: Optional<Date | null>;
  sentBackReason: Optional<string | null>;
}

export type PayoutLineStatus = 'pending' | 'excluded' | 'paying' | 'paid' | 'failed';

export interface PayoutLineTable {
  id: Generated<number>;
  batchId: number;
  citizenId: number;
  amountFen: number;
  channel: PayoutChannel;
  status: PayoutLineStatus;
  rewardCount: number;
  openid: string | null;
  /** As on PayoutPreferenceTable: copied from the preference when the batch is built. */
  phone: Optional<string | null>;
  phoneEncrypted: Optional<string | null>;
  phoneMasked: Optional<string | null>;
  excludedReason: Optional<string | null>;
  excludedBy: Optional<number | null>;
  voucherNo: Optional<string | null>;
  failure: Optional<string | null>;
  paidAt: Optional<Date | null>;
}

export type BillState =
  | 'CREATING'
  | 'ACCEPTED'
  | 'PROCESSING'
  | 'WAIT_USER_CONFIRM'
  | 'TRANSFERING'
  | 'SUCCESS'
  | 'FAIL'
  | 'CANCELING'
  | 'CANCELLED';

export interface TransferBillTable {
  id: Generated<number>;
  lineId: number;
  part: number;
  attempt: number;
  outBillNo: string;
  amountFen: number;
  openid: string;
  state: BillState;
  transferBillNo: Optional<string | null>;
  packageInfo: Optional<string | null>;
  failReason: Optional<string | null>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export type HotlineCallOutcome = 'ticket' | 'query' | 'agent' | 'abandoned';
export type HotlineCallEventType = 'answered' | 'menu' | 'queued' | 'agent_answered' | 'message_left' | 'ended';

export interface HotlineCallTable {
  id: Generated<number>;
  callId: string;
  citizenId: number | null;
  callerMasked: string | null;
  callerKnown: boolean;
  calledNumber: string;
  startedAt: Timestamp;
  answeredAt: Optional<Date | null>;
  queuedAt: Optional<Date | null>;
  agentAnsweredAt: Optional<Date | null>;
  agent: Optional<string | null>;
  endedAt: Optional<Date | null>;
  hangupCause: Optional<string | null>;
  menuPath: ColumnType<string[], string[] | undefined, string[]>;
  queryAnswered: Generated<boolean>;
  outcome: Optional<HotlineCallOutcome | null>;
  waitSeconds: Optional<number | null>;
  talkSeconds: Optional<number | null>;
}

export interface HotlineCallEventTable {
  callId: number;
  seq: number;
  type: HotlineCallEventType;
  at: Timestamp;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface HotlineTicketTable {
  id: Generated<number>;
  number: string;
  /** `YYYY-MM-DD` (Beijing); select it as `ticket_date::text`. */
  ticketDate: string;
  dailySeq: number;
  callId: number | null;
  citizenId: number | null;
  createdBy: 'ivr' | 'staff';
  createdByStaffId: number | null;
  recordingKey: string | null;
  recordingSha256: string | null;
  recordingBytes: number | null;
  durationMs: Optional<number>;
  complete: boolean;
  status: Optional<'open' | 'completed'>;
  reportId: Optional<number | null>;
  completedBy: Optional<number | null>;
  completedAt: Optional<Date | null>;
  createdAt: Timestamp;
}

export type HotlineCallbackStatus = 'scheduled' | 'done' | 'unreachable';
export type CallbackOutcome = 'answered' | 'no_answer' | 'busy' | 'failed';

export interface HotlineCallbackTable {
  id: Generated<number>;
  caseId: number;
  citizenId: number;
  reportId: number;
  status: HotlineCallbackStatus;
  attempts: Generated<number>;
  rating: Optional<CaseRating | null>;
  nextAttemptAt: Optional<Date | null>;
  createdAt: Timestamp;
  finishedAt: Optional<Date | null>;
}

export interface HotlineCallbackAttemptTable {
  id: Generated<number>;
  callbackId: number;
  attemptNo: number;
  outcome: CallbackOutcome;
  rating: CaseRating | null;
  callId: string | null;
  at: Timestamp;
}

export type ContractorKind = 'cleaning' | 'collection';
export type ContractedAreaLevel = 'grid' | 'community' | 'street';

export interface ContractorTable {
  id: Generated<number>;
  name: string;
  /** 保洁公司 (cleaning) or 信息采集公司 (collection). */
  kind: ContractorKind;
  createdAt: Timestamp;
}

export interface ContractorAreaTable {
  id: Generated<number>;
  contractorId: number;
  areaLevel: ContractedAreaLevel;
  /** A grid code, or an `areas` code of a community or street. */
  areaCode: string;
  /** Null: every category. */
  categoryCode: string | null;
  validFrom: Timestamp;
  validUntil: Timestamp | null;
}

export interface ContractorDeductionTable {
  id: Generated<number>;
  contractorId: number;
  caseId: number;
  amountFen: number;
  kind: 'deduction' | 'reversal';
  reversesId: Optional<number | null>;
  areaId: number;
  categoryCode: string;
  gridCode: string;
  streetCode: string;
  eventId: Optional<number | null>;
  occurredAt: Timestamp;
  createdAt: Timestamp;
}

export interface Database {
  departments: DepartmentTable;
  categories: CategoryTable;
  areas: AreaTable;
  grids: GridTable;
  citizens: CitizenTable;
  photos: PhotoTable;
  cases: CaseTable;
  reports: ReportTable;
  caseReporters: CaseReporterTable;
  outbox: OutboxTable;
  calendarYears: CalendarYearTable;
  calendarDays: CalendarDayTable;
  staff: StaffTable;
  staffSessions: StaffSessionTable;
  caseClocks: CaseClockTable;
  caseTimeline: CaseTimelineTable;
  caseExtensions: CaseExtensionTable;
  caseDispatches: CaseDispatchTable;
  dispatchRules: DispatchRuleTable;
  staffAuditLog: StaffAuditLogTable;
  casePublicProgress: CasePublicProgressTable;
  responseTemplates: ResponseTemplateTable;
  rewardRuleVersions: RewardRuleVersionTable;
  rewardExclusions: RewardExclusionTable;
  rewardLedger: RewardLedgerTable;
  payoutPreferences: PayoutPreferenceTable;
  settlementBatches: SettlementBatchTable;
  payoutLines: PayoutLineTable;
  transferBills: TransferBillTable;
  contractors: ContractorTable;
  contractorAreas: ContractorAreaTable;
  contractorDeductions: ContractorDeductionTable;
  hotlineCalls: HotlineCallTable;
  hotlineCallEvents: HotlineCallEventTable;
  hotlineTickets: HotlineTicketTable;
  hotlineCallbacks: HotlineCallbackTable;
  hotlineCallbackAttempts: HotlineCallbackAttemptTable;
  caseRatings: CaseRatingTable;
  subscribeCredits: SubscribeCreditTable;
  subscriptionGrants: SubscriptionGrantTable;
  subscribeMessages: SubscribeMessageTable;
}
