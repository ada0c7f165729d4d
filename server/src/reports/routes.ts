import Router from '@koa/router';
import { requireCitizen } from '../auth/tokens.js';
import { AppError } from '../errors/app-error.js';
import { validate } from '../http/validate.js';
import { readIdempotencyKey } from '../http/idempotency-key.js';
import type { Services } from '../services.js';
import { myReportsQuery, rateReportBody, reportIdParams, submitReportBody, type SubmitReportInput } from './schemas.js';
import { submitReport } from './submit-report.js';
import { countReportsOfCitizen, findReportById, listLatestProgressOfCitizen, listReportsOfCitizen, type ReportRow } from './queries.js';
import { presentReportSummary } from './present.js';
import { presentCitizenReports, type AlreadyKnown } from './present-reports.js';
import { photoUrlSigner } from '../photos/photo-urls.js';
import { presentRating } from '../feedback/present.js';
import { rateReport, type RateReportInput } from '../feedback/rate-report.js';

/** How many of the latest progressed reports the home page shows. */
const SUMMARY_LATEST = 5;

export function reportRoutes(services: Services): Router {
  const router = new Router({ prefix: '/api/v1/reports' });

  const signer = photoUrlSigner(services.config, services.clock);
  const present = (citizenId: number, reports: ReportRow[], known?: AlreadyKnown) =>
    presentCitizenReports(services.db, signer, citizenId, reports, known);

  router.post('/', async (ctx) => {
    const citizenId = requireCitizen(ctx);
    // The mini program makes one per press of 提交 and keeps it in its outbox.
    const idempotencyKey = readIdempotencyKey(ctx, 'report');
    const input = validate<SubmitReportInput>(ctx, 'body', submitReportBody);
    const { report, replayed, photos, timeline } = await submitReport(services, {
      citizenId,
      idempotencyKey,
      input,
      source: 'miniapp',
    });
    if (replayed) ctx.set('Idempotent-Replayed', 'true');
    ctx.status = 201;
    ctx.body = { report: (await present(citizenId, [report], { photos, timeline }))[0] };
  });

  router.get('/mine', async (ctx) => {
    const citizenId = requireCitizen(ctx);
    const page = validate(ctx, 'query', myReportsQuery);
    const reports = await listReportsOfCitizen(services.db, citizenId, page);
    ctx.body = {
      reports: await present(citizenId, reports),
      nextBefore: reports.length === page.limit ? reports[reports.length - 1].id : null,
    };
  });

  router.get('/summary', async (ctx) => {
    const citizenId = requireCitizen(ctx);
    const [counts, latest] = await Promise.all([
      countReportsOfCitizen(services.db, citizenId),
      listLatestProgressOfCitizen(services.db, citizenId, SUMMARY_LATEST),
    ]);
    ctx.body = presentReportSummary(counts, latest);
  });

  router.get('/:id', async (ctx) => {
    const citizenId = requireCitizen(ctx);
    const { id } = validate(ctx, 'params', reportIdParams);
    const report = await findReportById(services.db, id);
    // Someone else's report is indistinguishable from none: ids are sequential.
    if (!report || report.citizenId !== citizenId) throw AppError.notFound('report.not_found', `no report ${id}`);
    ctx.body = { report: (await present(citizenId, [report]))[0] };
  });

  router.post('/:id/rating', async (ctx) => {
    const citizenId = requireCitizen(ctx);
    const { id } = validate(ctx, 'params', reportIdParams);
    const input = validate<RateReportInput>(ctx, 'body', rateReportBody);
    ctx.status = 201;
    ctx.body = { rating: presentRating(await rateReport(services, citizenId, id, input)) };
  });

  return router;
}
