import type { Trx } from '../db/database.js';
import { lockOpenCase } from '../cases/queries.js';
import type { CaseStatus } from '../db/schema.js';
import { foundCase, type FoundCaseProps } from '../cases/found-case.js';
import { searchCells } from './spatial.js';
import { findNearestOpenCase, lockDedupCells } from './queries.js';

interface Props extends FoundCaseProps {
  category: FoundCaseProps['category'] & { dedupRadiusM: number; dedupWindowH: number };
}

export interface AssignedCase {
  caseId: number;
  caseStatus: CaseStatus;
  /** True when the report founded the case (its primary report). */
  isNewCase: boolean;
}

/**
 * One problem, one case: joins the report to the nearest open case of its category within the
 * category's radius and window, or founds a new 待受理 case. The advisory locks on the searched
 * cells make this safe when many citizens report one spot at the same instant.
 */
export async function assignCase(trx: Trx, { category, point, grid, now, calendar }: Props): Promise<AssignedCase> {
  const cells = searchCells(point, category.dedupRadiusM);
  await lockDedupCells(trx, category.code, cells);
  const match = await findNearestOpenCase(trx, {
    categoryCode: category.code,
    point,
    cells,
    radiusM: category.dedupRadiusM,
    reportedSince: new Date(now.getTime() - category.dedupWindowH * 3600_000),
  });
  const joined = match && (await lockOpenCase(trx, match.id));
  if (joined) return { caseId: joined.id, caseStatus: joined.status, isNewCase: false };
  const created = await foundCase(trx, { category, point, grid, now, calendar });
  return { caseId: created.id, caseStatus: 'pending_acceptance', isNewCase: true };
}
