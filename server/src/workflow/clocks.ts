/**
 * Stage clocks of a case: 受理 ('accept', from the case's founding), 立案 ('register', from 受理),
 * 派遣 ('dispatch', from 立案) and 处置 ('handle', from 派遣). At most one clock of a case runs; it
 * may be paused (挂账), resumed and extended (延期), and it stops when the stage ends.
 *
 * A category on natural hours runs every stage on elapsed time ('natural' clocks); any other
 * category counts working time on the statutory calendar ('working' clocks). Limits and what is
 * left are kept in the clock's own milliseconds: working milliseconds for a working clock.
 *
 * Every function that changes a clock keeps `cases.due_at` and `cases.light` in step with it, in
 * the caller's transaction: the deadline and light of the running clock, or null and 'none' when
 * no clock runs or it is paused. The lights refresh (refresh-lights.ts) moves lights on as time
 * passes.
 */
import type { Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { CaseClockTable, CategoryTable, ClockStage, Light } from '../db/schema.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export type ClockKind = CaseClockTable['kind'];
export type CaseClockRow = Selectable<CaseClockTable>;

/** The columns of a category that set its stage limits. */
export type StageLimits = Pick<
  Selectable<CategoryTable>,
  'timeLimitValue' | 'timeLimitUnit' | 'acceptLimitHours' | 'registerLimitHours' | 'dispatchLimitHours'
>;

/** What a light is judged on. */
export interface ClockTiming {
  kind: ClockKind;
  limitMs: number;
  dueAt: Date;
}

export interface StageDeadline {
  dueAt: Date;
  /** Years the deadline crossed without an entered holiday schedule: the caller should warn. */
  assumedYears: number[];
}

/** A deadline that moved, or `dueAt` null when there was no clock it applied to. */
export interface DeadlineChange {
  dueAt: Date | null;
  assumedYears: number[];
}

const NO_CHANGE: DeadlineChange = { dueAt: null, assumedYears: [] };

export interface Extension {
  amount: number;
  unit: 'hours' | 'days';
}

const LIMIT_HOURS_OF_STAGE = {
  accept: 'acceptLimitHours',
  register: 'registerLimitHours',
  dispatch: 'dispatchLimitHours',
} as const;

/** The kind and limit of a stage's clock for a category. */
export function stageLimitOf(category: StageLimits, stage: ClockStage, calendar: WorkingCalendar): { kind: ClockKind; limitMs: number } {
  const kind = category.timeLimitUnit === 'natural_hours' ? 'natural' : 'working';
  if (stage !== 'handle') return { kind, limitMs: Math.round(category[LIMIT_HOURS_OF_STAGE[stage]] * HOUR_MS) };
  const unitMs = category.timeLimitUnit === 'working_days' ? calendar.workingMsPerDay : HOUR_MS;
  return { kind, limitMs: Math.round(category.timeLimitValue * unitMs) };
}

/** An extension in the clock's milliseconds: a day is a working day on a working clock, 24 hours otherwise. */
export function extensionMsOf(kind: ClockKind, { amount, unit }: Extension, calendar: WorkingCalendar): number {
  if (unit === 'hours') return Math.round(amount * HOUR_MS);
  return Math.round(amount * (kind === 'working' ? calendar.workingMsPerDay : DAY_MS));
}

/** The instant `ms` of the clock's time after `from`; a negative `ms` lies before it (a clock resumed overdue). */
export function deadlineAfter(kind: ClockKind, from: Date, ms: number, calendar: WorkingCalendar): Date {
  if (kind === 'natural') return new Date(from.getTime() + ms);
  if (ms < 0) return calendar.subtractWorkingTime(from, -ms);
  return calendar.addWorkingTime(from, ms / HOUR_MS, 'working_hours').deadline;
}

/** The clock's time from `now` to its deadline; negative once overdue. */
export function timeLeft(kind: ClockKind, dueAt: Date, now: Date, calendar: WorkingCalendar): number {
  return kind === 'natural' ? dueAt.getTime() - now.getTime() : calendar.workingTimeBetween(now, dueAt);
}

/** Years a deadline from `startedAt` was computed on plain weekdays; natural clocks never consult the calendar. */
function assumedYearsOf(kind: ClockKind, startedAt: Date, dueAt: Date, calendar: WorkingCalendar): number[] {
  return kind === 'natural' ? [] : calendar.missingYears(startedAt, dueAt);
}

/**
 * Judges the lights of many clocks at one instant: 'red' from the deadline on, 'yellow' when
 * less than `yellowFraction` of the limit is left, else 'green'. Time left below a threshold is
 * the same as a deadline before the instant that threshold is reached, so each kind and limit
 * costs one calendar walk, not one per clock (the refresh judges every running clock).
 */
export function lightJudge(now: Date, calendar: WorkingCalendar, yellowFraction: number): (clock: ClockTiming) => Light {
  const thresholds = new Map<string, number>();
  return ({ kind, limitMs, dueAt }) => {
    if (dueAt.getTime() <= now.getTime()) return 'red';
    const key = `${kind}:${limitMs}`;
    let threshold = thresholds.get(key);
    if (threshold === undefined) {
      // Whole milliseconds are left, so "< fraction × limit" is "< the next whole millisecond up".
      threshold = deadlineAfter(kind, now, Math.ceil(yellowFraction * limitMs), calendar).getTime();
      thresholds.set(key, threshold);
    }
    return dueAt.getTime() < threshold ? 'yellow' : 'green';
  };
}

/** The light of one clock at `now` (see `lightJudge`). */
export function lightOf(clock: ClockTiming, now: Date, calendar: WorkingCalendar, yellowFraction: number): Light {
  return lightJudge(now, calendar, yellowFraction)(clock);
}

async function findRunningClock(trx: Executor, caseId: number): Promise<CaseClockRow | undefined> {
  return trx.selectFrom('caseClocks').selectAll().where('caseId', '=', caseId).where('stoppedAt', 'is', null).executeTakeFirst();
}

async function setCaseDeadline(trx: Executor, caseId: number, dueAt: Date | null, light: Light): Promise<void> {
  await trx.updateTable('cases').set({ dueAt, light }).where('id', '=', caseId).execute();
}

interface StartProps {
  caseId: number;
  stage: ClockStage;
  category: StageLimits;
  now: Date;
  calendar: WorkingCalendar;
}

/** A stage clock worked out before it is written: its kind, limit and deadline from `now`. */
export interface StageClockPlan extends StageDeadline {
  stage: ClockStage;
  kind: ClockKind;
  limitMs: number;
  startedAt: Date;
}

export function planStageClock(category: StageLimits, stage: ClockStage, now: Date, calendar: WorkingCalendar): StageClockPlan {
  const { kind, limitMs } = stageLimitOf(category, stage, calendar);
  const dueAt = deadlineAfter(kind, now, limitMs, calendar);
  return { stage, kind, limitMs, startedAt: now, dueAt, assumedYears: assumedYearsOf(kind, now, dueAt, calendar) };
}

/**
 * Writes a planned clock for a case that has none running. A new case uses this directly and
 * carries the plan's deadline on its row from the start (one statement fewer on intake).
 */
export async function insertStageClock(trx: Executor, caseId: number, { stage, kind, limitMs, startedAt, dueAt, assumedYears }: StageClockPlan) {
  await trx.insertInto('caseClocks').values({ caseId, stage, kind, limitMs, startedAt, dueAt, assumedYears }).execute();
}

/** Starts the clock of the stage a case enters, stopping the one of the stage it leaves. */
export async function startStageClock(trx: Executor, { caseId, stage, category, now, calendar }: StartProps): Promise<StageDeadline> {
  await stopStageClock(trx, caseId, now);
  const plan = planStageClock(category, stage, now, calendar);
  await insertStageClock(trx, caseId, plan);
  // A fresh clock has its whole limit left, more than any yellow fraction of it.
  await setCaseDeadline(trx, caseId, plan.dueAt, 'green');
  return { dueAt: plan.dueAt, assumedYears: plan.assumedYears };
}

/** Stops the case's clock (running or paused), if any. */
export async function stopStageClock(trx: Executor, caseId: number, now: Date): Promise<void> {
  await trx.updateTable('caseClocks').set({ stoppedAt: now }).where('caseId', '=', caseId).where('stoppedAt', 'is', null).execute();
  await setCaseDeadline(trx, caseId, null, 'none');
}

/** Pauses the running clock (挂账), keeping the time it has left; nothing to do when none runs. */
export async function pauseStageClock(trx: Executor, caseId: number, now: Date, calendar: WorkingCalendar): Promise<void> {
  const clock = await findRunningClock(trx, caseId);
  if (!clock || clock.pausedAt) return;
  const remainingMs = timeLeft(clock.kind, clock.dueAt, now, calendar);
  await trx.updateTable('caseClocks').set({ pausedAt: now, remainingMs }).where('id', '=', clock.id).execute();
  await setCaseDeadline(trx, caseId, null, 'none');
}

/**
 * Resumes a paused clock with the time it had left, so a clock paused overdue resumes just as
 * overdue. Returns the new deadline; `dueAt` null when no clock was paused.
 */
export async function resumeStageClock(
  trx: Executor,
  caseId: number,
  now: Date,
  calendar: WorkingCalendar,
  yellowFraction: number,
): Promise<DeadlineChange> {
  const clock = await findRunningClock(trx, caseId);
  if (!clock?.pausedAt) return NO_CHANGE;
  const dueAt = deadlineAfter(clock.kind, now, clock.remainingMs!, calendar);
  const assumedYears = assumedYearsOf(clock.kind, clock.startedAt, dueAt, calendar);
  await trx.updateTable('caseClocks').set({ pausedAt: null, remainingMs: null, dueAt, assumedYears }).where('id', '=', clock.id).execute();
  await setCaseDeadline(trx, caseId, dueAt, lightOf({ ...clock, dueAt }, now, calendar, yellowFraction));
  return { dueAt, assumedYears };
}

/**
 * Grants an approved extension (延期): the deadline moves on from where it stood by the extension
 * in the clock's time, and the limit grows by it, so the light is judged on the longer limit. A
 * paused clock gets it as more time left. `overdueAt` stays: the stage did run late once.
 * Returns the new deadline; `dueAt` null when no clock runs or it is paused.
 */
export async function extendStageClock(
  trx: Executor,
  caseId: number,
  extension: Extension,
  now: Date,
  calendar: WorkingCalendar,
  yellowFraction: number,
): Promise<DeadlineChange> {
  const clock = await findRunningClock(trx, caseId);
  if (!clock) return NO_CHANGE;
  const extensionMs = extensionMsOf(clock.kind, extension, calendar);
  const limitMs = clock.limitMs + extensionMs;
  if (clock.pausedAt) {
    await trx.updateTable('caseClocks').set({ limitMs, remainingMs: clock.remainingMs! + extensionMs }).where('id', '=', clock.id).execute();
    return NO_CHANGE;
  }
  const dueAt = deadlineAfter(clock.kind, clock.dueAt, extensionMs, calendar);
  const assumedYears = assumedYearsOf(clock.kind, clock.startedAt, dueAt, calendar);
  await trx.updateTable('caseClocks').set({ limitMs, dueAt, assumedYears }).where('id', '=', clock.id).execute();
  await setCaseDeadline(trx, caseId, dueAt, lightOf({ kind: clock.kind, limitMs, dueAt }, now, calendar, yellowFraction));
  return { dueAt, assumedYears };
}

/** Every clock the case has had, oldest first. */
export async function findCaseClocks(db: Executor, caseId: number): Promise<CaseClockRow[]> {
  return db.selectFrom('caseClocks').selectAll().where('caseId', '=', caseId).orderBy('id').execute();
}

/** A clock as the case detail shows it. */
export interface ClockView {
  stage: ClockStage;
  kind: ClockKind;
  startedAt: Date;
  /** Null while paused: the deadline is set again on resuming. */
  dueAt: Date | null;
  pausedAt: Date | null;
  stoppedAt: Date | null;
  /** When the lights refresh first found it overdue. */
  overdueAt: Date | null;
  limitMs: number;
  /** Left now (running), when paused, or when stopped (negative: how late it stopped). */
  remainingMs: number;
  /** The light now; 'none' for a paused or stopped clock. */
  light: Light;
  assumedYears: number[];
}

/** Where a clock stands at `now`. */
export function describeClock(clock: CaseClockRow, now: Date, calendar: WorkingCalendar, yellowFraction: number): ClockView {
  const { stage, kind, startedAt, pausedAt, stoppedAt, overdueAt, limitMs, assumedYears } = clock;
  const isRunning = !pausedAt && !stoppedAt;
  const remainingMs = pausedAt ? clock.remainingMs! : timeLeft(kind, clock.dueAt, stoppedAt ?? now, calendar);
  const light = isRunning ? lightOf(clock, now, calendar, yellowFraction) : 'none';
  return { stage, kind, startedAt, dueAt: pausedAt ? null : clock.dueAt, pausedAt, stoppedAt, overdueAt, limitMs, remainingMs, light, assumedYears };
}

const isoOrNull = (instant: Date | null) => instant?.toISOString() ?? null;

/** The `deadlines` of the case detail: each clock, oldest first, ready for JSON. */
export function presentDeadlines(clocks: CaseClockRow[], now: Date, calendar: WorkingCalendar, yellowFraction: number) {
  return clocks.map((clock) => {
    const view = describeClock(clock, now, calendar, yellowFraction);
    return {
      ...view,
      startedAt: view.startedAt.toISOString(),
      dueAt: isoOrNull(view.dueAt),
      pausedAt: isoOrNull(view.pausedAt),
      stoppedAt: isoOrNull(view.stoppedAt),
      overdueAt: isoOrNull(view.overdueAt),
    };
  });
}
