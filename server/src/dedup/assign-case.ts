import type { Trx } from '../db/database.js';
import { touchOpenCase } from '../cases/queries.js';
import { foundCase, type FoundCaseProps } from '../cases/found-case.js';
import { searchCells } from './spatial.js';
import { findNearestOpenCase, lockDedupCells } from './queries.js';

interface Props extends FoundCaseProps {
  category: FoundCaseProps['category'] & { dedupRadiusM: number; dedupWindowH: number };
}

/**
 * One problem, one case: joins the report to the nearest open case of its category within the
 * category's radius and window, or founds a new 待受理 case. The advisory locks on the searched
 * cells make this safe when many citizens report one spot at the same instant.
 */
export async function assignCase(trx: Trx, { category, point, grid, now, calendar }: Props): Promise<{ caseId: number; isNewCase: boolean }> {
  const cells = searchCells(point, category.dedupRadiusM);
  await lockDedupCells(trx, category.code, cells);
  const match = await findNearestOpenCase(trx, {
    categoryCode: category.code,
    point,
    cells,
    radiusM: category.dedupRadiusM,
    reportedSince: new Date(now.getTime() - category.dedupWindowH * 3600_000),
  });
  const joined = match && (await touchOpenCase(trx, match.id, now));
  if (joined) return { caseId: joined.id, isNewCase: false };
  const created = await foundCase(trx, { category, point, grid, now, calendar });
  return { caseId: created.id, isNewCase: true };
}
