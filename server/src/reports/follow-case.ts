/**
 * 关注: a citizen who finds their problem already reported follows that case instead. The follow
 * is a report of kind `follow` on the case (no photos, at the case's point): it lists in 我的上报,
 * gets the case's progress and counts the citizen as a supporting reporter, never as primary.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../errors/app-error.js';
import type { Services } from '../services.js';
import { findCase, lockOpenCase } from '../cases/queries.js';
import { lockDedupCells } from '../dedup/queries.js';
import { searchCells } from '../dedup/spatial.js';
import { findCitizenReportOnCase, findReportByKey, recordReportOnCase, type ReportRow } from './queries.js';

export interface FollowedCase {
  report: ReportRow;
  /** False when the citizen had already reported or followed the case: nothing was written. */
  created: boolean;
}

/**
 * Follows the case once per citizen. It takes the same dedup locks a linked report of this case
 * would, so a follow and a report of the same citizen arriving together still count them once.
 * @throws 404 case.not_found, 409 case.not_open (结案, 不予立案, 作废)
 */
export async function followCase(services: Services, citizenId: number, caseId: number): Promise<FollowedCase> {
  const theCase = await findCase(services.db, caseId);
  if (!theCase) throw AppError.notFound('case.not_found', `no case ${caseId}`);
  const category = await services.categories.find(theCase.categoryCode);
  if (!category) throw new Error(`case ${caseId} has unknown category ${theCase.categoryCode}`);
  const point = { lat: theCase.lat, lng: theCase.lng };
  const idempotencyKey = `follow:${caseId}`;

  const outcome = await services.db.transaction().execute(async (trx) => {
    await lockDedupCells(trx, category.code, searchCells(point, category.dedupRadiusM));
    const earlier = (await findCitizenReportOnCase(trx, citizenId, caseId)) ?? (await findReportByKey(trx, citizenId, idempotencyKey));
    if (earlier) return { report: earlier, created: false };
    const now = services.clock.now();
    const open = await lockOpenCase(trx, caseId);
    if (!open) throw AppError.conflict('case.not_open', `case ${caseId} is finished and can no longer be followed`);
    const report = await recordReportOnCase(trx, {
      citizenId,
      idempotencyKey,
      requestHash: createHash('sha256').update(idempotencyKey).digest('hex'),
      source: 'miniapp',
      kind: 'follow',
      caseId,
      isPrimary: false,
      categoryCode: theCase.categoryCode,
      lat: point.lat,
      lng: point.lng,
      coordSystem: 'wgs84',
      clientLat: point.lat,
      clientLng: point.lng,
      gridCode: theCase.gridCode,
      description: '',
      address: null,
      createdAt: now,
    });
    return { report: { ...report, caseStatus: open.status }, created: true };
  });
  if (outcome.created) services.relay.kick();
  return outcome;
}
