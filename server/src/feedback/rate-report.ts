/** 满意度 in the mini program: the citizen rates the closing of the case behind their report. */
import { AppError } from '../errors/app-error.js';
import type { Services } from '../services.js';
import type { CaseRating } from '../db/schema.js';
import { findReportById } from '../reports/queries.js';
import { rateCase } from './rate-case.js';

export interface RateReportInput {
  rating: CaseRating;
  comment: string | null;
}

/**
 * Records the rating once per citizen and case (a follower rates too). Only the report's own
 * citizen, only once the case is 结案.
 * @throws 404 report.not_found, 409 rating.case_not_closed, 409 rating.already_given
 */
export async function rateReport(services: Services, citizenId: number, reportId: number, input: RateReportInput) {
  const report = await findReportById(services.db, reportId);
  if (!report || report.citizenId !== citizenId) throw AppError.notFound('report.not_found', `no report ${reportId}`);
  if (report.caseStatus !== 'closed') throw AppError.conflict('rating.case_not_closed', 'the case can be rated once it is closed (结案)');
  const at = services.clock.now();
  const created = await services.db.transaction().execute(async (trx) => {
    const outcome = await rateCase(trx, services.clock, { caseId: report.caseId, citizenId, reportId, channel: 'miniapp', ...input, at });
    return outcome.created;
  });
  if (!created) throw AppError.conflict('rating.already_given', 'this case has already been rated (每个案件只能评价一次)');
  services.relay.kick();
  return { rating: input.rating, comment: input.comment, ratedAt: at };
}
