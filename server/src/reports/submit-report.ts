import { AppError } from '../errors/app-error.js';
import { requestFingerprint } from '../http/idempotency-key.js';
import type { Services } from '../services.js';
import { toWgs84 } from '../grids/coordinates.js';
import { outsideServiceArea } from '../grids/locate.js';
import { cellOf, dedupLockKeys, searchCells } from '../dedup/spatial.js';
import { planStageClock } from '../workflow/clocks.js';
import type { IntakeOutcome, IntakeStatement } from './queries.js';
import type { CategoryRow } from '../taxonomy/queries.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { SubmitReportInput } from './schemas.js';

/** Who reports what, through which channel. */
export interface ReportSubmission {
  citizenId: number;
  idempotencyKey: string;
  input: SubmitReportInput;
  source: 'miniapp' | 'hotline';
}

/**
 * Takes a citizen's report: checks the category and plans the dedup search here, then in one
 * transaction (one statement, `intakeReports`, shared with the reports submitted with it) finds
 * the grid, checks the photos, assigns the report to a case (dedup) and records
 * `report.received`. The same Idempotency-Key returns the first result and writes nothing,
 * however the retries interleave. `replayed` is true when this call only replayed an earlier
 * submission.
 */
export async function submitReport(services: Services, props: ReportSubmission): Promise<IntakeOutcome> {
  const { input } = props;
  const category = await services.categories.find(input.categoryCode);
  if (!category) {
    throw AppError.unprocessable('report.unknown_category', `unknown category ${input.categoryCode}`, [
      { field: 'categoryCode', message: `no category with code ${input.categoryCode}` },
    ]);
  }
  const statement = planIntake({ ...props, category, now: services.clock.now(), calendar: await services.calendar.get() });
  const outcome = await services.reportIntake.submit(statement).catch((error: unknown) => {
    throw refusalOf(error) ?? error;
  });
  if (!outcome.replayed) services.relay.kick();
  return outcome;
}

/**
 * The statement `intake_reports` takes for a validated report of a known category: the point in
 * WGS-84, the dedup search (cells, their lock keys, radius, window) and the 受理 clock the
 * report's case gets if it founds one.
 */
export function planIntake(props: ReportSubmission & { category: CategoryRow; now: Date; calendar: WorkingCalendar }): IntakeStatement {
  const { input, category, now } = props;
  const point = toWgs84(input, input.coordSystem);
  const cells = searchCells(point, category.dedupRadiusM);
  return {
    citizenId: props.citizenId,
    idempotencyKey: props.idempotencyKey,
    requestHash: hashRequest(input),
    source: props.source,
    categoryCode: category.code,
    lat: point.lat,
    lng: point.lng,
    coordSystem: input.coordSystem,
    clientLat: input.lat,
    clientLng: input.lng,
    description: input.description,
    address: input.address,
    photoIds: input.photoIds,
    createdAt: now,
    cells,
    cellLocks: dedupLockKeys(category.code, cells),
    h3Cell: cellOf(point),
    radiusM: category.dedupRadiusM,
    reportedSince: new Date(now.getTime() - category.dedupWindowH * 3600_000),
    // Used only if the report founds a case.
    clock: planStageClock(category, 'accept', now, props.calendar),
  };
}

/** The API's error for a rule `intake_reports` refused, if that is what `error` is. */
function refusalOf(error: unknown): AppError | undefined {
  const refusal = error as { code?: unknown; message?: unknown; detail?: unknown };
  if (refusal.code !== 'P0001') return undefined;
  if (refusal.message === 'report.outside_service_area') return outsideServiceArea();
  if (refusal.message === 'report.photo_unavailable') {
    return AppError.unprocessable('report.photo_unavailable', `photos not found among your unused uploads: ${refusal.detail}`, [
      { field: 'photoIds', message: 'each photo must be your own upload, not yet used in a report' },
    ]);
  }
  if (refusal.message === 'report.idempotency_key_reused') {
    return AppError.unprocessable(
      'report.idempotency_key_reused',
      'this Idempotency-Key was already used for a different report; make a new key for a new report',
    );
  }
  return undefined;
}

/** The validated body in a fixed key order, so retries of one submission hash the same. */
function hashRequest(input: SubmitReportInput): string {
  return requestFingerprint([
    input.categoryCode, input.lat, input.lng, input.coordSystem, input.description, input.address, input.photoIds,
  ]);
}
