import Router from '@koa/router';
import type { Context } from 'koa';
import { recordAudit } from '../audit/record-audit.js';
import { authorize } from '../auth/policies.js';
import { telephonyOnly } from '../auth/service-token.js';
import { requireStaff } from '../auth/tokens.js';
import { AppError } from '../errors/app-error.js';
import { jsonBody } from '../http/body.js';
import { pageOffset } from '../http/paging.js';
import { validate } from '../http/validate.js';
import { sendWorkbook } from '../http/xlsx.js';
import type { Services } from '../services.js';
import { listActiveCallsFor } from './active-calls.js';
import { callbackDeps, readCallback, recordCallbackAttempt } from './callbacks.js';
import { completeTicket } from './complete-ticket.js';
import { createIvrTicket, createStaffTicket } from './create-ticket.js';
import { buildPeriodReport, periodOf, periodReportWorkbook, type PeriodKind } from './period-report.js';
import { decryptPhone } from '../users/phone-numbers.js';
import { presentCall, presentTicket } from './present.js';
import { lookUpProgress } from './progress.js';
import { findCitizenPhone, findTicket, listCalls, listTickets, searchPlaces } from './queries.js';
import { receiveTicketForm } from './receive-ticket-form.js';
import { isWav, openRecordingStore } from './recordings.js';
import { recordCallEvent, startCall } from './record-call.js';
import * as schemas from './schemas.js';

/**
 * The telephony service's internal endpoints (hotline-contract.md). Mounted before the bearer
 * token middleware: they take the service token, not a staff or citizen JWT.
 */
export function telephonyRoutes(services: Services): Router {
  const router = new Router({ prefix: '/api/v1/hotline/telephony' });
  const store = openRecordingStore(services.config);
  router.use(telephonyOnly(services.config.hotline.telephonyApiToken), jsonBody(services.config.jsonBodyLimitBytes));

  router.post('/calls', async (ctx) => {
    const { call, created } = await startCall(services, validate(ctx, 'body', schemas.startCallBody));
    ctx.status = created ? 201 : 200;
    ctx.body = { call: { id: call.id, callId: call.callId }, caller: { citizenId: call.citizenId, known: call.callerKnown, maskedNumber: call.callerMasked } };
  });

  router.post('/calls/:callId/events', async (ctx) => {
    const { callId } = validate(ctx, 'params', schemas.callIdParams);
    await recordCallEvent(services, callId, validate(ctx, 'body', schemas.callEventBody));
    ctx.body = { ok: true };
  });

  router.post('/calls/:callId/ticket', async (ctx) => {
    const { callId } = validate(ctx, 'params', schemas.callIdParams);
    const form = await receiveTicketForm(ctx.req, services.config.hotline.recordingMaxBytes);
    ctx.request.body = form.fields;
    const fields = validate(ctx, 'body', schemas.ivrTicketFields);
    if (form.recording && !isWav(form.recording.bytes)) {
      throw new AppError(415, 'hotline.recording_not_wav', 'the recording must be a WAV (RIFF/WAVE) file');
    }
    const { ticketId, created } = await createIvrTicket(services, store, { callId, ...fields, recording: form.recording });
    const ticket = (await findTicket(services.db, ticketId))!;
    ctx.status = created ? 201 : 200;
    ctx.body = { ticket: { id: ticket.id, number: ticket.number } };
  });

  router.get('/progress', async (ctx) => {
    ctx.body = await lookUpProgress(services, validate(ctx, 'query', schemas.progressQuery));
  });

  router.post('/callbacks/:callbackId/attempts', async (ctx) => {
    const { callbackId } = validate(ctx, 'params', schemas.callbackIdParams);
    const callback = await recordCallbackAttempt(callbackDeps(services), callbackId, validate(ctx, 'body', schemas.callbackAttemptBody));
    ctx.body = { callback: { id: callback.id, status: callback.status } };
  });

  router.get('/callbacks/:callbackId', async (ctx) => {
    const { callbackId } = validate(ctx, 'params', schemas.callbackIdParams);
    ctx.body = { callback: await readCallback(callbackDeps(services), callbackId) };
  });

  return router;
}

/** The agents' console and the hotline reports (staff tokens). */
export function hotlineRoutes(services: Services): Router {
  const router = new Router({ prefix: '/api/v1/hotline' });
  const store = openRecordingStore(services.config);

  router.get('/calls', async (ctx) => {
    authorize(requireStaff(ctx), 'view_hotline');
    const query = validate(ctx, 'query', schemas.callLogQuery);
    const period = periodOf('daily', query.date, services.clock.now());
    const { rows, total } = await listCalls(services.db, period, { offset: pageOffset(query), limit: query.pageSize });
    ctx.body = { date: period.label, calls: rows.map(presentCall), total, page: query.page, pageSize: query.pageSize };
  });

  router.get('/calls/active', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'view_hotline');
    ctx.body = { calls: await listActiveCallsFor(services.db, actor) };
  });

  router.get('/tickets', async (ctx) => {
    authorize(requireStaff(ctx), 'view_hotline');
    const query = validate(ctx, 'query', schemas.ticketListQuery);
    const { rows, total } = await listTickets(services.db, query.status, { offset: pageOffset(query), limit: query.pageSize });
    ctx.body = { tickets: rows.map(presentTicket), total, page: query.page, pageSize: query.pageSize };
  });

  router.get('/tickets/:id', async (ctx) => {
    authorize(requireStaff(ctx), 'view_hotline');
    const { id } = validate(ctx, 'params', schemas.ticketIdParams);
    ctx.body = { ticket: presentTicket(await ticketOrFail(id)) };
  });

  router.get('/tickets/:id/recording', async (ctx) => {
    authorize(requireStaff(ctx), 'view_hotline');
    const { id } = validate(ctx, 'params', schemas.ticketIdParams);
    const ticket = await ticketOrFail(id);
    const bytes = ticket.recordingKey ? await store.get(ticket.recordingKey) : undefined;
    if (!bytes) throw AppError.notFound('hotline.recording_not_found', `ticket ${id} has no recording`);
    ctx.type = 'audio/wav';
    ctx.set('Cache-Control', 'private, no-store');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.body = bytes;
  });

  router.post('/tickets', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'handle_hotline');
    const ticketId = await createStaffTicket(services, { actor, ip: ctx.ip, input: validate(ctx, 'body', schemas.staffTicketBody) });
    ctx.status = 201;
    ctx.body = { ticket: presentTicket((await findTicket(services.db, ticketId))!) };
  });

  router.post('/tickets/:id/complete', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'handle_hotline');
    const { id } = validate(ctx, 'params', schemas.ticketIdParams);
    const input = validate<schemas.CompleteTicketInput>(ctx, 'body', schemas.completeTicketBody);
    const report = await completeTicket(services, { actor, ip: ctx.ip, ticketId: id, input });
    ctx.body = { ticket: presentTicket(await ticketOrFail(id)), report: { id: report.id, caseId: report.caseId, isPrimary: report.isPrimary } };
  });

  router.get('/places', async (ctx) => {
    authorize(requireStaff(ctx), 'handle_hotline');
    const { q } = validate(ctx, 'query', schemas.placeSearchQuery);
    ctx.body = { places: await searchPlaces(services.db, q) };
  });

  router.post('/citizens/:id/phone', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'view_personal_data');
    const { id } = validate(ctx, 'params', schemas.citizenIdParams);
    const citizen = await findCitizenPhone(services.db, id);
    if (!citizen?.phoneEncrypted) throw AppError.notFound('hotline.phone_not_found', `citizen ${id} has no phone number on record`);
    const phone = decryptPhone(citizen.phoneEncrypted, services.config.personalData.key);
    await recordAudit(services.db, { at: services.clock.now(), staffId: actor.staffId, username: actor.username, action: 'hotline.phone_viewed', targetType: 'citizen', targetId: id, ip: ctx.ip });
    ctx.body = { citizenId: id, phone };
  });

  const reportRoute = (kind: PeriodKind, key: 'date' | 'week' | 'month', schema: typeof schemas.dailyReportQuery) =>
    async function periodReport(ctx: Context, asWorkbook: boolean) {
      authorize(requireStaff(ctx), 'view_hotline_reports');
      const query = validate<Record<string, string | undefined>>(ctx, 'query', schema);
      const period = periodOf(kind, query[key], services.clock.now());
      if (!asWorkbook) {
        ctx.body = await buildPeriodReport(services.db, period);
        return;
      }
      sendWorkbook(ctx, await periodReportWorkbook(services.db, period), `hotline-${kind}-${period.label}.xlsx`);
    };
  for (const [kind, key, schema] of [
    ['daily', 'date', schemas.dailyReportQuery],
    ['weekly', 'week', schemas.weeklyReportQuery],
    ['monthly', 'month', schemas.monthlyReportQuery],
  ] as const) {
    const handler = reportRoute(kind, key, schema);
    router.get(`/reports/${kind}`, (ctx) => handler(ctx, false));
    router.get(`/reports/${kind}.xlsx`, (ctx) => handler(ctx, true));
  }

  async function ticketOrFail(id: number) {
    const ticket = await findTicket(services.db, id);
    if (!ticket) throw AppError.notFound('hotline.ticket_not_found', `no ticket ${id}`);
    return ticket;
  }

  return router;
}
