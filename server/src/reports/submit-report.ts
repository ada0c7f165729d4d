import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor, Trx } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { Services } from '../services.js';
import type { CategoryRow } from '../taxonomy/queries.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { locateReport, type LocatedPoint } from '../grids/locate.js';
import { assignCase } from '../dedup/assign-case.js';
import { attachPhotosToReport, findOwnUnattachedPhotos } from '../photos/queries.js';
import { findReportByKey, type ReportRow } from './queries.js';
import { recordReportOnCase } from './record-report.js';
import type { SubmitReportInput } from './schemas.js';

interface Props {
  citizenId: number;
  idempotencyKey: string;
  input: SubmitReportInput;
  source: 'miniapp' | 'hotline';
}

export interface SubmittedReport {
  report: ReportRow;
  /** True when this call only replayed an earlier submission with the same key. */
  replayed: boolean;
}

/**
 * Takes a citizen's report: checks category, place and photos, assigns it to a case (dedup),
 * and records `report.received`, all in one transaction. The same Idempotency-Key returns the
 * first result and writes nothing, however the retries interleave.
 */
export async function submitReport(services: Services, props: Props): Promise<SubmittedReport> {
  const requestHash = hashRequest(props.input);
  const { input } = props;
  const category = await services.categories.find(input.categoryCode);
  if (!category) {
    throw AppError.unprocessable('report.unknown_category', `unknown category ${input.categoryCode}`, [
      { field: 'categoryCode', message: `no category with code ${input.categoryCode}` },
    ]);
  }
  const location = await locateReport(services.db, input);
  const calendar = await services.calendar.get();
  const now = services.clock.now();

  const outcome = await services.db.transaction().execute(async (trx) => {
    // Concurrent retries of one submission queue here; the first commits, the rest replay it.
    await lockIdempotencyKey(trx, props.citizenId, props.idempotencyKey);
    const committed = await replayOf(trx, props, requestHash);
    if (committed) return committed;
    const report = await recordReport(trx, services, { ...props, requestHash, category, location, now, calendar });
    return { report, replayed: false };
  });
  if (!outcome.replayed) services.relay.kick();
  return outcome;
}

interface RecordProps extends Props {
  requestHash: string;
  category: CategoryRow;
  location: LocatedPoint;
  now: Date;
  calendar: WorkingCalendar;
}

/** The writes of one accepted report; runs inside the submission's transaction. */
async function recordReport(trx: Trx, services: Services, props: RecordProps): Promise<ReportRow> {
  const { input, category, location, now, calendar, citizenId } = props;
  const photos = await findOwnUnattachedPhotos(trx, citizenId, input.photoIds);
  const missing = input.photoIds.filter((id) => !photos.some((photo) => photo.id === id));
  if (missing.length > 0) throw photosUnavailable(missing);
  const { caseId, caseStatus, isNewCase } = await assignCase(trx, { category, point: location.point, grid: location.grid, now, calendar });
  const report = await recordReportOnCase(trx, services.clock, {
    citizenId,
    idempotencyKey: props.idempotencyKey,
    requestHash: props.requestHash,
    source: props.source,
    caseId,
    isPrimary: isNewCase,
    categoryCode: category.code,
    lat: location.point.lat,
    lng: location.point.lng,
    coordSystem: input.coordSystem,
    clientLat: input.lat,
    clientLng: input.lng,
    gridCode: location.grid.gridCode,
    description: input.description,
    address: input.address,
    createdAt: now,
  });
  // Another report of the same citizen may have taken a photo since we looked.
  if ((await attachPhotosToReport(trx, report.id, input.photoIds)) < input.photoIds.length) throw photosUnavailable(input.photoIds);
  return { ...report, caseStatus };
}

async function lockIdempotencyKey(trx: Trx, citizenId: number, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`report-key:${citizenId}:${key}`}, 0))`.execute(trx);
}

function photosUnavailable(ids: string[]) {
  return AppError.unprocessable('report.photo_unavailable', `photos not found among your unused uploads: ${ids.join(', ')}`, [
    { field: 'photoIds', message: 'each photo must be your own upload, not yet used in a report' },
  ]);
}

async function replayOf(db: Executor, props: Props, requestHash: string): Promise<SubmittedReport | undefined> {
  const earlier = await findReportByKey(db, props.citizenId, props.idempotencyKey);
  if (!earlier) return undefined;
  if (earlier.requestHash !== requestHash) {
    throw AppError.unprocessable(
      'report.idempotency_key_reused',
      'this Idempotency-Key was already used for a different report; make a new key for a new report',
    );
  }
  return { report: earlier, replayed: true };
}

/** The validated body in a fixed key order, so retries of one submission hash the same. */
function hashRequest(input: SubmitReportInput): string {
  const canonical = JSON.stringify([
    input.categoryCode, input.lat, input.lng, input.coordSystem, input.description, input.address, input.photoIds,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
