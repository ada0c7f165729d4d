/** The supervision centre's overview: the day's throughput, the open cases by stage and light, the worst overdue. */
import { caseVisibility } from '../auth/policies.js';
import type { StaffActor } from '../auth/tokens.js';
import type { Executor } from '../db/database.js';
import type { CaseStatus, Light } from '../db/schema.js';
import { AppError } from '../errors/app-error.js';
import { findCaseSummaries } from '../cases/queries.js';
import { presentCaseSummary } from '../cases/present.js';
import { CASE_STATUSES, isUnfinished } from '../workflow/transitions.js';
import {
  countActions,
  countOpenCases,
  countReports,
  listMostOverdueIds,
  listOpenCasePoints,
  type OverviewScope,
  type TimeRange,
} from './queries.js';

/** The map gets at most this many open cases, the most urgent first. */
const MAP_CASE_LIMIT = 2000;
const TOP_OVERDUE_LIMIT = 10;
const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** The day's counts: each is a timeline action, apart from `reported` (reports received). */
const TODAY_ACTIONS = {
  accepted: 'accept',
  registered: 'register',
  dispatched: 'dispatch',
  handled: 'handle',
  closed: 'close',
  rejected: 'reject',
} as const;

const OPEN_STATUSES = CASE_STATUSES.filter(isUnfinished);
const LIGHTS: Light[] = ['green', 'yellow', 'red', 'none'];

/** The Beijing calendar day an instant falls on, as its date and its [00:00, 24:00) range. */
export function beijingDayOf(now: Date): TimeRange & { date: string } {
  const dayNumber = Math.floor((now.getTime() + BEIJING_OFFSET_MS) / DAY_MS);
  const from = new Date(dayNumber * DAY_MS - BEIJING_OFFSET_MS);
  return { date: new Date(dayNumber * DAY_MS).toISOString().slice(0, 10), from, to: new Date(from.getTime() + DAY_MS) };
}

/** The centre sees every case; a department handler its own unit's, as in the case list. */
function scopeOf(actor: StaffActor): OverviewScope {
  const visibility = caseVisibility(actor);
  if (visibility.scope === 'all') return {};
  if (visibility.scope === 'department') return { onlyDepartmentCode: visibility.departmentCode };
  throw AppError.forbidden('auth.forbidden', 'your roles see no cases, so they have no overview');
}

async function countToday(db: Executor, scope: OverviewScope, day: TimeRange & { date: string }) {
  const [reported, actions] = await Promise.all([countReports(db, scope, day), countActions(db, scope, day, Object.values(TODAY_ACTIONS))]);
  const counts = Object.fromEntries(Object.entries(TODAY_ACTIONS).map(([key, action]) => [key, actions.get(action) ?? 0]));
  return { date: day.date, reported, ...(counts as Record<keyof typeof TODAY_ACTIONS, number>) };
}

async function summarizeOpen(db: Executor, scope: OverviewScope) {
  const byStatus = Object.fromEntries(OPEN_STATUSES.map((status) => [status, 0])) as Record<CaseStatus, number>;
  const byLight = Object.fromEntries(LIGHTS.map((light) => [light, 0])) as Record<Light, number>;
  let total = 0;
  for (const { status, light, count } of await countOpenCases(db, scope)) {
    byStatus[status] += count;
    byLight[light] += count;
    total += count;
  }
  return { total, byStatus, byLight };
}

/** The most overdue red cases as list summaries: their ids first, through the index alone. */
async function listMostOverdue(db: Executor, scope: OverviewScope, now: Date) {
  return findCaseSummaries(db, await listMostOverdueIds(db, scope, now, TOP_OVERDUE_LIMIT));
}

/**
 * What the overview screen shows as of `now`, for this actor's cases: today's counts by stage
 * (Beijing day), open cases by status and light, the 10 most overdue red cases, and open cases
 * as map points (at most MAP_CASE_LIMIT, the most urgent first).
 */
export async function buildOverview(db: Executor, actor: StaffActor, now: Date) {
  const scope = scopeOf(actor);
  const [today, open, overdue, points] = await Promise.all([
    countToday(db, scope, beijingDayOf(now)),
    summarizeOpen(db, scope),
    listMostOverdue(db, scope, now),
    listOpenCasePoints(db, scope, MAP_CASE_LIMIT),
  ]);
  return {
    asOf: now.toISOString(),
    departmentCode: scope.onlyDepartmentCode ?? null,
    today,
    open,
    topOverdue: overdue.map(presentCaseSummary),
    openCases: points,
    openCasesTruncated: open.total > points.length,
  };
}
