import { QueueEvents } from 'bullmq';
import sharp from 'sharp';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildCitizen, buildStaff, nextSpot } from '../test-support/factories.js';
import { buildCase, submitReportAt, type TestCase } from '../test-support/case-factories.js';
import type { CaseStatus } from '../db/schema.js';
import { attachCasePhotos } from '../photos/queries.js';
import { buildExifJpeg } from '../photos/test-images.js';
import { connectionFrom, startWorker } from '../queue/jobs.js';
import { eventJobs, recordEvent, type DomainEvent } from '../queue/outbox.js';
import { EVENT_TOPICS, PROCESSED_TOPICS } from '../workers.js';
import { CitizenProgressProcessor } from './citizen-progress-processor.js';

const INTERNAL_NOTE = '内部备注：领导批示';

let app: TestApp;
let processor: CitizenProgressProcessor;
beforeAll(async () => {
  app = await startTestApp();
  processor = new CitizenProgressProcessor(app.services.db);
});
afterAll(() => app.close());

/** After-photos as the workflow takes them: uploaded by the handler, attached to the case. */
async function afterPhotos(caseId: number, count: number): Promise<string[]> {
  const handler = await buildStaff(app, { roles: ['department'], departmentCode: 'cg-huanwei' });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const form = new FormData();
    const jpeg = await buildExifJpeg({ gps: { latitude: '22/1 43/1 1234/100', latitudeRef: 'N', longitude: '114/1 14/1 3000/100', longitudeRef: 'E' } });
    form.append('file', new Blob([new Uint8Array(jpeg)]), 'after.jpg');
    const response = await app.request('POST', '/api/v1/photos', { token: handler.token, rawBody: form });
    ids.push(response.body.photo.id);
  }
  await attachCasePhotos(app.services.db, { caseId, staffId: handler.id, photoIds: ids });
  return ids;
}

/** Records a workflow event the way an action does (moving the case to `toStatus`) and returns it as relayed. */
async function recordCaseEvent(topic: string, caseId: number, payload: Record<string, unknown> = {}, toStatus?: CaseStatus): Promise<DomainEvent> {
  app.clock.advance(60_000);
  const at = app.clock.now().toISOString();
  const full = { caseId, action: topic.slice('case.'.length), at, staffId: 1, departmentCode: 'cg-huanwei', ...payload };
  return app.services.db.transaction().execute(async (trx) => {
    if (toStatus) await trx.updateTable('cases').set({ status: toStatus }).where('id', '=', caseId).execute();
    await recordEvent(trx, app.clock, topic, full);
    const row = await trx.selectFrom('outbox').select(['id', 'createdAt']).where('topic', '=', topic).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    return { id: row.id, topic, occurredAt: row.createdAt.toISOString(), payload: full };
  });
}

/** Records the event and feeds it to the processor, as the worker would. */
async function deliver(topic: string, caseId: number, payload: Record<string, unknown> = {}, toStatus?: CaseStatus) {
  const event = await recordCaseEvent(topic, caseId, payload, toStatus);
  await processor.handle(event);
  return event;
}

async function caseView(reporter: TestCase) {
  const response = await app.request('GET', `/api/v1/reports/${reporter.reportId}`, { token: reporter.citizen.token });
  expect(response.status).toBe(200);
  return response.body.report.case;
}

async function stagesOf(reporter: TestCase) {
  return (await caseView(reporter)).timeline.map((step: { stage: string }) => step.stage);
}

async function fetchBytes(url: string) {
  const response = await fetch(app.url + url);
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

describe('the citizen-progress processor', () => {
  it('shows a fresh report as 待受理 with an empty timeline', async () => {
    const reported = await buildCase(app);
    expect(await caseView(reported)).toEqual({ status: 'pending_acceptance', statusLabel: '待受理', timeline: [] });
  });

  it('answers a report that joins a case with the case\'s steps, as the reporter will read them', async () => {
    const first = await buildCase(app);
    await deliver('case.accepted', first.caseId, {}, 'pending_registration');
    await deliver('case.registered', first.caseId, {}, 'registered');
    const second = await buildCitizen(app);
    const answer = await submitReportAt(app, second, first.spot);
    expect(answer.body.report).toMatchObject({ caseId: first.caseId, isPrimary: false });
    expect(answer.body.report.case.timeline.map((step: { stage: string }) => step.stage)).toEqual(['accepted', 'registered']);
    expect(answer.body.report.case).toEqual(await caseView({ ...first, reportId: answer.body.report.id, citizen: second }));
  });

  it('walks the public steps from 受理 to 结案, with the latest 处置 after-photos on 结案 only', async () => {
    const reported = await buildCase(app);
    const { caseId } = reported;
    const accepted = await deliver('case.accepted', caseId, {}, 'pending_registration');
    await deliver('case.verification_requested', caseId);
    await deliver('case.registered', caseId, {}, 'registered');
    expect(await caseView(reported)).toMatchObject({ status: 'in_progress', statusLabel: '处置中' });
    await deliver('case.dispatched', caseId, {}, 'dispatched');
    await deliver('case.extension_requested', caseId, { reason: INTERNAL_NOTE });
    await deliver('case.returned', caseId, { reason: INTERNAL_NOTE }, 'registered');
    await deliver('case.dispatched', caseId, {}, 'dispatched');
    await deliver('case.urged', caseId);
    await deliver('case.handled', caseId, { photoIds: await afterPhotos(caseId, 1), note: INTERNAL_NOTE }, 'handled');
    expect(await caseView(reported)).toMatchObject({ status: 'handled', statusLabel: '待核查' });
    await deliver('case.reworked', caseId, { reason: INTERNAL_NOTE }, 'dispatched');
    const finalPhotos = await afterPhotos(caseId, 2);
    await deliver('case.handled', caseId, { photoIds: finalPhotos, note: INTERNAL_NOTE }, 'handled');
    const closed = await deliver('case.closed', caseId, {}, 'closed');

    const view = await caseView(reported);
    expect(view.status).toBe('closed');
    expect(view.statusLabel).toBe('已结案');
    expect(view.timeline.map((step: { stage: string; label: string }) => [step.stage, step.label])).toEqual([
      ['accepted', '已受理'],
      ['registered', '已立案'],
      ['dispatched', '处置中'],
      ['handled', '已处置，待核查'],
      ['reworked', '核查未通过，重新处置'],
      ['handled', '已处置，待核查'],
      ['closed', '已结案'],
    ]);
    expect(view.timeline[0].at).toBe(accepted.payload.at);
    expect(view.timeline[6].at).toBe(closed.payload.at);
    expect(view.timeline.slice(0, 6).some((step: object) => 'photos' in step)).toBe(false);
    const shown = view.timeline[6].photos;
    expect(shown.map((photo: { id: string }) => photo.id)).toEqual(finalPhotos);
    for (const photo of shown) {
      expect(Object.keys(photo).sort()).toEqual(['id', 'thumbUrl', 'url']);
      const copy = await fetchBytes(photo.url);
      expect(copy.status).toBe(200);
      expect((await sharp(copy.bytes).metadata()).exif).toBeUndefined();
    }
  });

  it('shows the public reason of 不予立案, never an internal one', async () => {
    const reported = await buildCase(app);
    await deliver('case.rejected', reported.caseId, { publicReason: '不属于城管受理范围', reason: INTERNAL_NOTE }, 'rejected');
    expect(await caseView(reported)).toEqual({
      status: 'rejected',
      statusLabel: '不予立案',
      timeline: [{ stage: 'rejected', label: '不予立案', at: expect.any(String), reason: '不属于城管受理范围' }],
    });
  });

  it('shows 挂账 and its end without the internal reason, and 作废 with its public reason', async () => {
    const reported = await buildCase(app);
    await deliver('case.accepted', reported.caseId, {}, 'pending_registration');
    await deliver('case.registered', reported.caseId, {}, 'registered');
    await deliver('case.hung', reported.caseId, { reason: INTERNAL_NOTE, reviewOn: '2025-12-01' }, 'hung');
    expect(await caseView(reported)).toMatchObject({ status: 'hung', statusLabel: '挂账' });
    await deliver('case.unhung', reported.caseId, {}, 'registered');
    await deliver('case.voided', reported.caseId, { publicReason: '重复举报', reason: INTERNAL_NOTE }, 'voided');
    const view = await caseView(reported);
    expect(view.status).toBe('voided');
    expect(view.timeline.map((step: { stage: string }) => step.stage)).toEqual(['accepted', 'registered', 'hung', 'resumed', 'voided']);
    expect(view.timeline[2]).not.toHaveProperty('reason');
    expect(view.timeline[4]).toMatchObject({ label: '已作废', reason: '重复举报' });
  });

  it('writes a redelivered event once', async () => {
    const reported = await buildCase(app);
    const event = await recordCaseEvent('case.accepted', reported.caseId, {}, 'pending_registration');
    await Promise.all([processor.handle(event), processor.handle(event)]);
    await processor.handle(event);
    const rows = await app.services.db.selectFrom('casePublicProgress').selectAll().where('caseId', '=', reported.caseId).execute();
    expect(rows.map((row) => row.eventId)).toEqual([event.id]);
    expect(await stagesOf(reported)).toEqual(['accepted']);
  });

  it('shows 处置中 once when two dispatches are processed at the same time', async () => {
    const reported = await buildCase(app);
    const first = await recordCaseEvent('case.dispatched', reported.caseId, {}, 'dispatched');
    const second = await recordCaseEvent('case.dispatched', reported.caseId);
    await Promise.all([processor.handle(second), processor.handle(first)]);
    expect(await stagesOf(reported)).toEqual(['dispatched']);
  });

  it('retries 结案 processed before its 处置, then shows the after-photos', async () => {
    const reported = await buildCase(app);
    await deliver('case.dispatched', reported.caseId, {}, 'dispatched');
    const photoIds = await afterPhotos(reported.caseId, 1);
    const handled = await recordCaseEvent('case.handled', reported.caseId, { photoIds }, 'handled');
    const closed = await recordCaseEvent('case.closed', reported.caseId, {}, 'closed');
    await expect(processor.handle(closed)).rejects.toThrow('has no recorded 处置 yet');
    await processor.handle(handled);
    await processor.handle(closed);
    const view = await caseView(reported);
    expect(view.timeline.map((step: { stage: string }) => step.stage)).toEqual(['dispatched', 'handled', 'closed']);
    expect(view.timeline[2].photos.map((photo: { id: string }) => photo.id)).toEqual(photoIds);
  });

  it('never shows staff names, roles, units or internal notes', async () => {
    const reported = await buildCase(app);
    const payload = { note: INTERNAL_NOTE, reason: INTERNAL_NOTE, staffName: '王秘密', role: 'dispatcher' };
    await deliver('case.accepted', reported.caseId, payload, 'pending_registration');
    await deliver('case.registered', reported.caseId, payload, 'registered');
    await deliver('case.dispatched', reported.caseId, payload, 'dispatched');
    await deliver('case.supervised', reported.caseId, payload);
    await deliver('case.handled', reported.caseId, { ...payload, photoIds: await afterPhotos(reported.caseId, 1) }, 'handled');
    await deliver('case.closed', reported.caseId, payload, 'closed');
    const text = JSON.stringify((await app.request('GET', `/api/v1/reports/${reported.reportId}`, { token: reported.citizen.token })).body);
    for (const secret of [INTERNAL_NOTE, '王秘密', '测试', 'dispatcher', 'department', 'cg-huanwei', 'staff']) expect(text).not.toContain(secret);
    // The after-photos were taken with GPS on: their EXIF stays with the staff.
    const caseText = JSON.stringify(await caseView(reported));
    for (const exif of ['exifLocation', 'takenAt']) expect(caseText).not.toContain(exif);
  });

  it('shows the primary and a linked reporter the same progress, in /mine too', async () => {
    const spot = await nextSpot(app);
    const primary = await buildCase(app, { spot });
    const linked = await buildCase(app, { spot });
    expect(linked.caseId).toBe(primary.caseId);
    await deliver('case.accepted', primary.caseId, {}, 'pending_registration');
    await deliver('case.rejected', primary.caseId, { publicReason: '已由物业清理' }, 'rejected');
    const [primaryView, linkedView] = [await caseView(primary), await caseView(linked)];
    expect(linkedView).toEqual(primaryView);
    expect(primaryView.timeline).toHaveLength(2);
    const mine = await app.request('GET', '/api/v1/reports/mine', { token: linked.citizen.token });
    expect(mine.body.reports[0]).toMatchObject({ id: linked.reportId, status: 'rejected', case: primaryView });
  });

  it('moves the reporters of a merged case to the target, which notes the merge', async () => {
    const target = await buildCase(app);
    const merged = await buildCase(app);
    await deliver('case.accepted', target.caseId, {}, 'pending_registration');
    await deliver('case.accepted', merged.caseId, {}, 'pending_registration');
    // As the merge moves them: the target keeps its own primary report.
    await app.services.db.updateTable('reports').set({ caseId: target.caseId, isPrimary: false }).where('id', '=', merged.reportId).execute();
    await deliver('case.merged', merged.caseId, { intoCaseId: target.caseId, reportIds: [merged.reportId] }, 'voided');
    const view = await caseView(merged);
    expect(view.status).toBe('pending_registration');
    expect(view.timeline.map((step: { stage: string; label: string }) => [step.stage, step.label])).toEqual([
      ['accepted', '已受理'],
      ['merged', '与同一问题的其他举报合并处理'],
    ]);
    expect(await caseView(target)).toEqual(view);
  });

  it('notes a split on the new case its reporters now follow', async () => {
    const spot = await nextSpot(app);
    const stays = await buildCase(app, { spot });
    const leaves = await buildCase(app, { spot });
    const { id: newCaseId } = await app.services.db
      .insertInto('cases')
      .columns(['categoryCode', 'status', 'lat', 'lng', 'h3Cell', 'gridCode', 'streetCode', 'openedAt', 'lastReportedAt'])
      .expression((eb) =>
        eb.selectFrom('cases').select(['categoryCode', 'status', 'lat', 'lng', 'h3Cell', 'gridCode', 'streetCode', 'openedAt', 'lastReportedAt']).where('id', '=', stays.caseId),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    await app.services.db.updateTable('reports').set({ caseId: newCaseId }).where('id', '=', leaves.reportId).execute();
    await deliver('case.split', stays.caseId, { newCaseId, reportIds: [leaves.reportId] });
    expect(await stagesOf(leaves)).toEqual(['split']);
    expect(await stagesOf(stays)).toEqual([]);
  });

  it('refuses an event whose payload lacks what the step needs, writing nothing', async () => {
    const reported = await buildCase(app);
    const event = await recordCaseEvent('case.merged', reported.caseId);
    await expect(processor.handle(event)).rejects.toThrow('names no intoCaseId');
    await expect(processor.handle({ ...event, topic: 'case.accepted', payload: { caseId: reported.caseId } })).rejects.toThrow('"at" is required');
    expect(await stagesOf(reported)).toEqual([]);
  });
});

describe('through the events queue', () => {
  it('is subscribed to every public topic and handles the relayed job', async () => {
    for (const topic of processor.topics) {
      expect(EVENT_TOPICS).toContain(topic);
      expect([...PROCESSED_TOPICS]).toContain(topic);
    }
    const reported = await buildCase(app);
    const event = await recordCaseEvent('case.accepted', reported.caseId, {}, 'pending_registration');
    const worker = startWorker(app.services.config.redisUrl, 'events', eventJobs(EVENT_TOPICS, [processor]), app.services.logger, app.services.queuePrefix);
    const events = new QueueEvents('events', { connection: connectionFrom(app.services.config.redisUrl), prefix: app.services.queuePrefix });
    try {
      await events.waitUntilReady();
      // Enqueued as the relay would, but alone: a relay flush would take every test file's unrelayed events.
      const job = await app.services.bus.queue('events').add(event.topic, event, { jobId: `event-${event.id}` });
      await job.waitUntilFinished(events);
      expect(await stagesOf(reported)).toEqual(['accepted']);
    } finally {
      await events.close();
      await worker.close();
    }
  });
});
