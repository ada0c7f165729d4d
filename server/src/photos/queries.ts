/** Every query on `photos`. Callers pass the pool or the transaction they hold. */
import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { PhotoTable } from '../db/schema.js';
import type { PhotoFormat } from './process-image.js';

/** A `photos` row; `format` is narrowed to the formats uploads are accepted in. */
export type Photo = Omit<Selectable<PhotoTable>, 'format'> & { format: PhotoFormat };

const PHOTO_COLUMNS = [
  'id',
  'ownerCitizenId',
  'ownerStaffId',
  'caseId',
  'sha256',
  'format',
  'width',
  'height',
  'bytes',
  'takenAt',
  'exifLat',
  'exifLng',
  'reportId',
  'publishedAt',
  'createdAt',
] as const;

/** Records an upload; the files must already be in the store. */
export async function insertPhoto(db: Executor, row: Insertable<PhotoTable> & { format: PhotoFormat }): Promise<Photo> {
  return (await db.insertInto('photos').values(row).returning(PHOTO_COLUMNS).executeTakeFirstOrThrow()) as Photo;
}

/** The photo with this id, or undefined. `id` must be a well-formed UUID (validate it first). */
export async function findPhoto(db: Executor, id: string): Promise<Photo | undefined> {
  return (await db.selectFrom('photos').select(PHOTO_COLUMNS).where('id', '=', id).executeTakeFirst()) as Photo | undefined;
}

/**
 * The citizen's own photos among `ids` that no report uses yet, in the order of `ids`. Fewer rows
 * than ids means some are unknown, someone else's or already attached. `ids` must be UUIDs.
 */
export async function findOwnUnattachedPhotos(trx: Executor, citizenId: number, ids: readonly string[]): Promise<Photo[]> {
  if (ids.length === 0) return [];
  const rows = (await trx
    .selectFrom('photos')
    .select(PHOTO_COLUMNS)
    .where('ownerCitizenId', '=', citizenId)
    .where('id', 'in', ids)
    .where('reportId', 'is', null)
    .execute()) as Photo[];
  return rows.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
}

/**
 * Attaches the photos to a report, each only if still unattached, and returns how many were.
 * Call it in the report's transaction after `findOwnUnattachedPhotos`; a count below
 * `ids.length` means a concurrent report took one, and the caller should roll back.
 */
export async function attachPhotosToReport(trx: Executor, reportId: number, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await trx
    .updateTable('photos')
    .set({ reportId })
    .where('id', 'in', ids)
    .where('reportId', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The photos attached to any of these reports, oldest upload first; callers group by `reportId`. */
export async function listReportPhotos(db: Executor, reportIds: readonly number[]): Promise<Photo[]> {
  if (reportIds.length === 0) return [];
  return (await db
    .selectFrom('photos')
    .select(PHOTO_COLUMNS)
    .where('reportId', 'in', reportIds)
    .orderBy('createdAt')
    .orderBy('id')
    .execute()) as Photo[];
}

/**
 * Attaches a staff member's photos to a case (after-photos of 处置, photos of 核实/核查), each
 * only if that member uploaded it and no case has it yet; returns how many were attached. Call
 * it in the action's transaction; a count below `photoIds.length` means some are unknown,
 * someone else's or already used, and the caller should roll back. `photoIds` must be UUIDs.
 */
export async function attachCasePhotos(
  trx: Executor,
  { caseId, staffId, photoIds }: { caseId: number; staffId: number; photoIds: readonly string[] },
): Promise<number> {
  if (photoIds.length === 0) return 0;
  const result = await trx
    .updateTable('photos')
    .set({ caseId })
    .where('id', 'in', photoIds)
    .where('ownerStaffId', '=', staffId)
    .where('caseId', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The staff photos attached to a case, oldest upload first (its reports' photos: `listReportPhotos`). */
export async function listCasePhotos(db: Executor, caseId: number): Promise<Photo[]> {
  return (await db
    .selectFrom('photos')
    .select(PHOTO_COLUMNS)
    .where('caseId', '=', caseId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute()) as Photo[];
}

/** The staff photos among `ids` that are attached to one of `caseIds`; callers group by `caseId`. */
export async function findCasePhotos(db: Executor, caseIds: readonly number[], ids: readonly string[]): Promise<Photo[]> {
  if (caseIds.length === 0 || ids.length === 0) return [];
  return (await db
    .selectFrom('photos')
    .select(PHOTO_COLUMNS)
    .where('caseId', 'in', caseIds)
    .where('id', 'in', ids)
    .execute()) as Photo[];
}

/**
 * The status and unit of the case a photo documents: the case a staff photo is attached to, or
 * the case of the report a citizen photo belongs to. Undefined for a photo in neither.
 */
export async function findPhotoCase(db: Executor, photo: Pick<Photo, 'caseId' | 'reportId'>) {
  const cases = db.selectFrom('cases').select(['cases.status', 'cases.departmentCode']);
  if (photo.caseId !== null) return cases.where('cases.id', '=', photo.caseId).executeTakeFirst();
  if (photo.reportId === null) return undefined;
  return cases.innerJoin('reports', 'reports.caseId', 'cases.id').where('reports.id', '=', photo.reportId).executeTakeFirst();
}
