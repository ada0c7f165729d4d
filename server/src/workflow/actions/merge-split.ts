/** 合并 and 拆分: duplicates become one case (reporters kept); a case holding two problems becomes two. */
import { AppError } from '../../errors/app-error.js';
import { foundCase } from '../../cases/found-case.js';
import {
  electPrimaryReport,
  findReportsForSplit,
  listCaseReportIds,
  lockCase,
  moveReports,
  recountReporters,
} from '../../cases/queries.js';
import { can } from '../../auth/policies.js';
import { stopStageClock } from '../clocks.js';
import { appendTimeline, bumpCaseVersion } from '../queries.js';
import { isUnfinished } from '../transitions.js';
import { roleUsed, type ActionContext, type ActionEffect } from '../perform-action.js';
import { dropPendingExtension } from './extension.js';
import { categoryOf } from './registration.js';

/** Merges this case into another open one: its reports and reporters move, this case is voided. */
export async function merge(context: ActionContext): Promise<ActionEffect> {
  const { trx, actor, now } = context;
  const sourceId = context.case.id;
  const intoCaseId = context.input.intoCaseId!;
  const target = intoCaseId === sourceId ? undefined : await lockCase(trx, intoCaseId);
  if (!target || !can(actor, 'view_case', target) || !isUnfinished(target.status) || target.status === 'hung') {
    throw AppError.unprocessable('case.merge_target_unavailable', `case ${intoCaseId} is not another open case to merge into`, [
      { field: 'intoCaseId', message: 'must be a different case that is still open' },
    ]);
  }
  const reportIds = await listCaseReportIds(trx, sourceId);
  await moveReports(trx, reportIds, intoCaseId);
  await recountReporters(trx, [sourceId, intoCaseId]);
  await stopStageClock(trx, sourceId, now);
  await dropPendingExtension(context);
  await appendTimeline(trx, {
    caseId: intoCaseId,
    action: 'merge',
    fromStatus: target.status,
    toStatus: target.status,
    staffId: actor.staffId,
    role: roleUsed(actor, 'merge'),
    at: now,
    details: { mergedCaseId: sourceId, reportIds },
  });
  await bumpCaseVersion(trx, intoCaseId);
  return {
    changes: { mergedIntoCaseId: intoCaseId, pendingExtensionId: null, hungFromStatus: null },
    details: { intoCaseId, reportIds },
    event: { intoCaseId, reportIds },
  };
}

/** Splits the given reports off into a new case that starts at 待受理 with the earliest as its primary. */
export async function split(context: ActionContext): Promise<ActionEffect> {
  const { trx, actor, now, calendar } = context;
  const sourceId = context.case.id;
  const reportIds = context.input.reportIds!;
  const caseReportIds = await listCaseReportIds(trx, sourceId);
  const strangers = reportIds.filter((id) => !caseReportIds.includes(id));
  if (strangers.length > 0 || reportIds.length >= caseReportIds.length) {
    throw AppError.unprocessable('case.split_invalid', 'split needs some, not all, of this case\'s reports', [
      { field: 'reportIds', message: strangers.length > 0 ? `not reports of this case: ${strangers.join(', ')}` : 'at least one report must stay' },
    ]);
  }
  const [first] = await findReportsForSplit(trx, reportIds);
  const category = await categoryOf(context, first.categoryCode);
  const { id: newCaseId } = await foundCase(trx, {
    category,
    point: { lat: first.lat, lng: first.lng },
    grid: { gridCode: first.gridCode, streetCode: first.streetCode },
    now,
    calendar,
  });
  await moveReports(trx, reportIds, newCaseId);
  await electPrimaryReport(trx, newCaseId);
  await electPrimaryReport(trx, sourceId);
  await recountReporters(trx, [sourceId, newCaseId]);
  await appendTimeline(trx, {
    caseId: newCaseId,
    action: 'split',
    fromStatus: 'pending_acceptance',
    toStatus: 'pending_acceptance',
    staffId: actor.staffId,
    role: roleUsed(actor, 'split'),
    at: now,
    details: { splitFromCaseId: sourceId, reportIds },
  });
  return { details: { newCaseId, reportIds }, event: { newCaseId, reportIds } };
}
