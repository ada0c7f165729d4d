import { createHash } from 'node:crypto';
import { AppError } from '../errors/app-error.js';
import type { Services } from '../services.js';
import { recordEvent } from '../queue/outbox.js';
import { findCategory } from '../taxonomy/queries.js';
import { locateReport } from '../grids/routes.js';
import { assignCase } from '../dedup/assign-case.js';
import { addCaseReporter, incrementReporterCount } from '../cases/queries.js';
import { attachPhotosToReport, findOwnUnattachedPhotos } from '../photos/queries.js';
import { findReportById, findReportByKey, insertReport, type ReportRow } from './queries.js';
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
  const earlier = await replayOf(services, props, requestHash);
  if (earlier) return earlier;

  const { input } = props;
  const category = await findCategory(services.db, input.categoryCode);
  if (!category) {
    throw AppError.unprocessable('report.unknown_category', `unknown category ${input.categoryCode}`, [
      { field: 'categoryCode', message: `no category with code ${input.categoryCode}` },
    ]);
  }
  const location = await locateReport(services.db, input);
  const now = services.clock.now();

  let reportId: number;
  try {
    reportId = await services.db.transaction().execute(async (trx) => {
      const photos = await findOwnUnattachedPhotos(trx, props.citizenId, input.photoIds);
      const missing = input.photoIds.filter((id) => !photos.some((photo) => photo.id === id));
      if (missing.length > 0) {
        throw AppError.unprocessable('report.photo_unavailable', `photos not found among your unused uploads: ${missing.join(', ')}`, [
          { field: 'photoIds', message: 'each photo must be your own upload, not yet used in a report' },
        ]);
      }
      const { caseId, isNewCase } = await assignCase(trx, { category, point: location.point, grid: location.grid, now });
      const { id } = await insertReport(trx, {
        citizenId: props.citizenId,
        idempotencyKey: props.idempotencyKey,
        requestHash,
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
      const isNewReporter = await addCaseReporter(trx, caseId, props.citizenId, id);
      if (isNewReporter && !isNewCase) await incrementReporterCount(trx, caseId);
      await attachPhotosToReport(trx, id, input.photoIds);
      await recordEvent(trx, services.clock, 'report.received', {
        reportId: id,
        caseId,
        citizenId: props.citizenId,
        isPrimary: isNewCase,
        categoryCode: category.code,
        gridCode: location.grid.gridCode,
        source: props.source,
      });
      return id;
    });
  } catch (error) {
    // A concurrent retry with the same key committed first: answer with its result.
    if (isIdempotencyConflict(error)) {
      const winner = await replayOf(services, props, requestHash);
      if (winner) return winner;
    }
    throw error;
  }
  services.relay.kick();
  return { report: (await findReportById(services.db, reportId))!, replayed: false };
}

async function replayOf(services: Services, props: Props, requestHash: string): Promise<SubmittedReport | undefined> {
  const earlier = await findReportByKey(services.db, props.citizenId, props.idempotencyKey);
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

function isIdempotencyConflict(error: unknown): boolean {
  const pgError = error as { code?: string; constraint?: string };
  return pgError.code === '23505' && pgError.constraint === 'reports_citizen_id_idempotency_key_key';
}
