/** Row types of every table, in the camelCase Kysely's CamelCasePlugin presents. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface DepartmentTable {
  code: string;
  name: string;
  kind: 'department' | 'street_office';
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
}

export interface PhotoTable {
  id: string;
  ownerCitizenId: number;
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
}
