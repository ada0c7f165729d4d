import Router from '@koa/router';
import { requireCitizen } from '../auth/tokens.js';
import { AppError } from '../errors/app-error.js';
import { validate } from '../http/validate.js';
import type { Services } from '../services.js';
import { idempotencyKeyHeader, myReportsQuery, reportIdParams, submitReportBody, type SubmitReportInput } from './schemas.js';
import { submitReport } from './submit-report.js';
import { findReportById, listReportsOfCitizen, type ReportRow } from './queries.js';
import { presentReport } from './present.js';
import { listReportPhotos } from '../photos/queries.js';
import { presentPhoto } from '../photos/present.js';
import { photoUrlSigner } from '../photos/photo-urls.js';
import { loadPublicTimelines } from '../feedback/public-timeline.js';
import { presentCaseProgress } from '../feedback/present.js';

export function reportRoutes(services: Services): Router {
  const router = new Router({ prefix: '/api/v1/reports' });

  const signer = photoUrlSigner(services.config, services.clock);
  const present = async (reports: ReportRow[]) => {
    const [photos, timelines] = await Promise.all([
      listReportPhotos(services.db, reports.map((report) => report.id)),
      loadPublicTimelines(services.db, reports.map((report) => report.caseId)),
    ]);
    return reports.map((report) =>
      presentReport(
        report,
        photos.filter((photo) => photo.reportId === report.id).map((photo) => presentPhoto(photo, signer)),
        presentCaseProgress({ id: report.caseId, status: report.caseStatus }, timelines, signer),
      ),
    );
  };

  router.post('/', async (ctx) => {
    const citizenId = requireCitizen(ctx);
    if (!ctx.get('idempotency-key')) {
      throw AppError.badRequest('report.idempotency_key_required', 'Idempotency-Key header is required', [
        { field: 'Idempotency-Key', message: 'make one key per report and resend it on every retry' },
      ]);
    }
    const headers = validate(ctx, 'headers', idempotencyKeyHeader);
    const input = validate<SubmitReportInput>(ctx, 'body', submitReportBody);
    const { report, replayed } = await submitReport(services, {
      citizenId,
      idempotencyKey: headers['idempotency-key'],
      input,
      source: 'miniapp',
    });
    if (replayed) ctx.set('Idempotent-Replayed', 'true');
    ctx.status = 201;
    ctx.body = { report: (await present([report]))[0] };
  });

  router.get('/mine', async (ctx) => {
    const citizenId = requireCitizen(ctx);
    const page = validate(ctx, 'query', myReportsQuery);
    const reports = await listReportsOfCitizen(services.db, citizenId, page);
    ctx.body = {
      reports: await present(reports),
      nextBefore: reports.length === page.limit ? reports[reports.length - 1].id : null,
    };
  });

  router.get('/:id', async (ctx) => {
    const citizenId = requireCitizen(ctx);
    const { id } = validate(ctx, 'params', reportIdParams);
    const report = await findReportById(services.db, id);
    // Someone else's report is indistinguishable from none: ids are sequential.
    if (!report || report.citizenId !== citizenId) throw AppError.notFound('report.not_found', `no report ${id}`);
    ctx.body = { report: (await present([report]))[0] };
  });

  return router;
}
