import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildCitizen, buildStaff, type TestCitizen } from '../test-support/factories.js';
import { actOk, buildCase, closeThroughWorkflow, type TestCase } from '../test-support/case-factories.js';
import { caseEvents } from '../test-support/reward-factories.js';
import { startWeChatPeer, type WeChatPeer } from '../test-support/wechat-peer.js';
import { demoOpenid } from '../users/login-citizen.js';
import type { EventProcessor } from '../queue/outbox.js';
import { EVENT_TOPICS, PROCESSED_TOPICS } from '../workers.js';
import { CitizenProgressProcessor } from './citizen-progress-processor.js';
import { RewardProcessor } from '../rewards/reward-processor.js';
import { SubscribeMessageProcessor } from './subscribe-message-processor.js';
import { createSubscribeMessageSender } from './wechat-subscribe-client.js';
import { fitField } from './subscribe-notices.js';

const TEMPLATES = { progress: 'tpl-progress-0001', closed: 'tpl-closed-0002', reward: 'tpl-reward-0003' };

let peer: WeChatPeer;
/** Talks to the WeChat peer: a real app id, as in production. */
let app: TestApp;
/** Demo mode without a WeChat app, as `npm start` runs. */
let demo: TestApp;
let staff: string;
let processors: EventProcessor[];
beforeAll(async () => {
  peer = await startWeChatPeer();
  app = await startTestApp({
    WECHAT_API_BASE: peer.baseUrl,
    WECHAT_APPID: peer.appId,
    WECHAT_SECRET: peer.appSecret,
    WECHAT_SUBSCRIBE_TEMPLATES: `progress:${TEMPLATES.progress},closed:${TEMPLATES.closed},reward:${TEMPLATES.reward}`,
  });
  demo = await startTestApp();
  staff = (await buildStaff(app, { roles: ['reviewer', 'dispatcher'] })).token;
  const { db, config, clock } = app.services;
  // As the events worker runs them for one event: the progress and reward processors first.
  processors = [
    new CitizenProgressProcessor(db),
    new RewardProcessor(db, clock),
    new SubscribeMessageProcessor(db, clock, config, createSubscribeMessageSender(config.wechat, clock)),
  ];
});
afterAll(async () => {
  await Promise.all([app.close(), demo.close()]);
  await peer.close();
});

/** Hands the case's events of a topic to the processors, in the worker's order; returns the events. */
async function deliver(caseId: number, topic: string, on = app, chain = processors) {
  const events = await caseEvents(on, caseId, topic);
  for (const event of events) for (const processor of chain) if (processor.topics.includes(topic)) await processor.handle(event);
  return events;
}

/** One subscribe dialog's answers, under a key of its own unless `key` repeats an earlier one. */
function subscribe(citizen: TestCitizen, results: Array<{ templateId: string; result: string }>, on = app, key: string = randomUUID()) {
  return on.request('POST', '/api/v1/subscriptions', { token: citizen.token, body: { results }, headers: { 'Idempotency-Key': key } });
}

async function accept(citizen: TestCitizen, purpose: keyof typeof TEMPLATES, times = 1) {
  for (let i = 0; i < times; i++) expect((await subscribe(citizen, [{ templateId: TEMPLATES[purpose], result: 'accept' }])).status).toBe(200);
}

async function creditsOf(citizen: TestCitizen, on = app) {
  const rows = await on.services.db.selectFrom('subscribeCredits').select(['templateId', 'credits']).where('citizenId', '=', citizen.id).orderBy('templateId').execute();
  return Object.fromEntries(rows.map((row) => [row.templateId, row.credits]));
}

async function messagesOf(caseId: number, on = app) {
  return on.services.db
    .selectFrom('subscribeMessages')
    .select(['citizenId', 'templateId', 'status', 'errcode'])
    .where('caseId', '=', caseId)
    .orderBy('id')
    .execute();
}

function sentTo(citizen: TestCitizen) {
  return peer.sentMessages.filter((message) => message.touser === demoOpenid(citizen.name));
}

async function followedCase(): Promise<TestCase & { follower: TestCitizen }> {
  const built = await buildCase(app);
  const follower = await buildCitizen(app);
  expect((await app.request('POST', `/api/v1/cases/${built.caseId}/follow`, { token: follower.token })).status).toBe(201);
  return { ...built, follower };
}

describe('GET /api/v1/miniapp/config', () => {
  it('names the subscribe templates by purpose, demo mode and the privacy contact, without login', async () => {
    expect((await app.request('GET', '/api/v1/miniapp/config')).body).toEqual({
      subscribeTemplates: [
        { id: TEMPLATES.progress, purpose: 'progress' },
        { id: TEMPLATES.closed, purpose: 'closed' },
        { id: TEMPLATES.reward, purpose: 'reward' },
      ],
      demoMode: true,
      privacyContact: expect.stringContaining('12319'),
    });
    expect((await demo.request('GET', '/api/v1/miniapp/config')).body.subscribeTemplates.map((template: { id: string }) => template.id)).toEqual([
      'demo-progress-template',
      'demo-closed-template',
      'demo-reward-template',
    ]);
  });
});

describe('POST /api/v1/subscriptions', () => {
  it('adds one credit per accept and answers the credits of the templates asked', async () => {
    const citizen = await buildCitizen(app);
    const first = await subscribe(citizen, [
      { templateId: TEMPLATES.progress, result: 'accept' },
      { templateId: TEMPLATES.closed, result: 'reject' },
      { templateId: TEMPLATES.reward, result: 'ban' },
    ]);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      credits: [
        { templateId: TEMPLATES.progress, credits: 1 },
        { templateId: TEMPLATES.closed, credits: 0 },
        { templateId: TEMPLATES.reward, credits: 0 },
      ],
    });
    const second = await subscribe(citizen, [{ templateId: TEMPLATES.progress, result: 'accept' }]);
    expect(second.body.credits).toEqual([{ templateId: TEMPLATES.progress, credits: 2 }]);
  });

  it('adds the credits of one dialog once, however often the answer is retried', async () => {
    const citizen = await buildCitizen(app);
    const answers = [{ templateId: TEMPLATES.progress, result: 'accept' }, { templateId: TEMPLATES.closed, result: 'accept' }];
    const key = randomUUID();
    const tries = await Promise.all([1, 2, 3].map(() => subscribe(citizen, answers, app, key)));
    expect(tries.map((response) => response.status)).toEqual([200, 200, 200]);
    for (const response of tries) {
      expect(response.body.credits).toEqual([{ templateId: TEMPLATES.progress, credits: 1 }, { templateId: TEMPLATES.closed, credits: 1 }]);
    }
    expect(await creditsOf(citizen)).toEqual({ [TEMPLATES.progress]: 1, [TEMPLATES.closed]: 1 });
  });

  describe('refuses, changing nothing', () => {
    it('no Idempotency-Key with 400, the same key with other answers with 422', async () => {
      const citizen = await buildCitizen(app);
      const accepted = [{ templateId: TEMPLATES.progress, result: 'accept' }];
      const keyless = await app.request('POST', '/api/v1/subscriptions', { token: citizen.token, body: { results: accepted } });
      expect([keyless.status, keyless.body.error.code]).toEqual([400, 'subscription.idempotency_key_required']);
      const key = randomUUID();
      await subscribe(citizen, accepted, app, key);
      const other = await subscribe(citizen, [{ templateId: TEMPLATES.progress, result: 'reject' }], app, key);
      expect([other.status, other.body.error.code]).toEqual([422, 'subscription.idempotency_key_reused']);
      expect(await creditsOf(citizen)).toEqual({ [TEMPLATES.progress]: 1 });
    });

    it('a template that is not ours with 422', async () => {
      const citizen = await buildCitizen(app);
      const response = await subscribe(citizen, [
        { templateId: TEMPLATES.progress, result: 'accept' },
        { templateId: 'someone-elses', result: 'accept' },
      ]);
      expect([response.status, response.body.error.code, response.body.error.fields]).toEqual([
        422,
        'subscription.unknown_template',
        [{ field: 'results.1.templateId', message: expect.any(String) }],
      ]);
      expect(await creditsOf(citizen)).toEqual({});
    });

    it('bad bodies with 400, callers who are not citizens with 401/403', async () => {
      const citizen = await buildCitizen(app);
      for (const results of [[], [{ templateId: TEMPLATES.progress }], [{ templateId: TEMPLATES.progress, result: 'maybe' }], [
        { templateId: TEMPLATES.progress, result: 'accept' },
        { templateId: TEMPLATES.progress, result: 'accept' },
      ]]) {
        expect((await subscribe(citizen, results as never)).status).toBe(400);
      }
      const keyed = { 'Idempotency-Key': randomUUID() };
      expect((await app.request('POST', '/api/v1/subscriptions', { headers: keyed, body: { results: [{ templateId: TEMPLATES.progress, result: 'accept' }] } })).status).toBe(401);
      const asStaff = await app.request('POST', '/api/v1/subscriptions', { token: staff, headers: keyed, body: { results: [{ templateId: TEMPLATES.progress, result: 'accept' }] } });
      expect(asStaff.status).toBe(403);
      expect(await creditsOf(citizen)).toEqual({});
    });
  });
});

describe('the subscribe-message processor', () => {
  it('is subscribed to the case topics it tells about', () => {
    for (const topic of processors[2].topics) {
      expect(EVENT_TOPICS).toContain(topic);
      expect([...PROCESSED_TOPICS]).toContain(topic);
    }
  });

  it('tells every follower of the case with a credit, once, spending one credit each', async () => {
    const built = await followedCase();
    const bystander = await buildCitizen(app);
    await accept(built.citizen, 'progress');
    await accept(built.follower, 'progress', 2);
    await accept(bystander, 'progress');
    await actOk(app, staff, built.caseId, 'accept');
    await deliver(built.caseId, 'case.accepted');
    expect(await messagesOf(built.caseId)).toEqual([]);

    await actOk(app, staff, built.caseId, 'register');
    const [registered] = await deliver(built.caseId, 'case.registered');
    expect(sentTo(built.citizen)).toEqual([
      {
        touser: demoOpenid(built.citizen.name),
        template_id: TEMPLATES.progress,
        page: 'pages/index/index',
        lang: 'zh_CN',
        data: {
          character_string1: { value: String(built.caseId) },
          thing2: { value: '暴露垃圾' },
          phrase3: { value: '已立案' },
          time4: { value: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/) },
          thing5: { value: '点击查看处理进度' },
        },
      },
    ]);
    expect(sentTo(built.follower)).toHaveLength(1);
    expect(sentTo(bystander)).toEqual([]);
    expect(await creditsOf(built.citizen)).toMatchObject({ [TEMPLATES.progress]: 0 });
    expect(await creditsOf(built.follower)).toMatchObject({ [TEMPLATES.progress]: 1 });

    // Redelivered, even twice at once: nothing more is sent or spent.
    await Promise.all(processors.slice(2).flatMap((processor) => [processor.handle(registered), processor.handle(registered)]));
    expect(sentTo(built.citizen)).toHaveLength(1);
    expect(sentTo(built.follower)).toHaveLength(1);
    expect(await creditsOf(built.follower)).toMatchObject({ [TEMPLATES.progress]: 1 });

    // The next step reaches only whoever still holds a credit.
    await actOk(app, staff, built.caseId, 'dispatch', { departmentCode: 'cg-huanwei' });
    await deliver(built.caseId, 'case.dispatched');
    expect(sentTo(built.follower).map((message) => message.data.phrase3.value)).toEqual(['已立案', '处置中']);
    expect(sentTo(built.citizen)).toHaveLength(1);
    expect((await messagesOf(built.caseId)).map((row) => [row.citizenId, row.status])).toEqual([
      [built.citizen.id, 'sent'],
      [built.follower.id, 'sent'],
      [built.follower.id, 'sent'],
    ]);
  });

  it('uses the closed template at 结案, and tells the first reporter of a reward on the reward template', async () => {
    const built = await buildCase(app);
    await accept(built.citizen, 'reward');
    await accept(built.citizen, 'closed');
    await closeThroughWorkflow(app, built.caseId);
    for (const topic of ['case.accepted', 'case.registered', 'case.dispatched', 'case.handled', 'case.closed']) await deliver(built.caseId, topic);
    const messages = sentTo(built.citizen);
    expect(messages.map((message) => message.template_id)).toEqual([TEMPLATES.reward, TEMPLATES.closed]);
    expect(messages[0].data).toEqual({
      character_string1: { value: String(built.caseId) },
      amount2: { value: '2.00元' },
      thing3: { value: '有效举报奖励，已计入余额' },
    });
    expect(messages[1].data).toMatchObject({ thing2: { value: '暴露垃圾' }, thing4: { value: '问题已处理，欢迎您评价' } });
    expect(await creditsOf(built.citizen)).toEqual({ [TEMPLATES.closed]: 0, [TEMPLATES.reward]: 0 });
  });

  it('keeps every value within its type limit (a public reason is cut to 20 characters)', async () => {
    const built = await buildCase(app);
    await accept(built.citizen, 'progress');
    const reason = '该问题属于物业管理区域内部事务，请联系小区物业服务中心处理，谢谢您的支持';
    await actOk(app, staff, built.caseId, 'reject', { reason });
    await deliver(built.caseId, 'case.rejected');
    const [message] = sentTo(built.citizen);
    expect(message.data.phrase3.value).toBe('不予立案');
    expect(Array.from(message.data.thing5.value)).toHaveLength(20);
    expect(message.data.thing5.value).toBe(reason.slice(0, 19) + '…');
    expect(fitField('phrase', '已处置待核查中')).toBe('已处置待核');
    expect(fitField('character_string', 'x'.repeat(40))).toHaveLength(32);
  });

  it('never retries a refusal (43101): the credit is gone', async () => {
    const built = await buildCase(app);
    await accept(built.citizen, 'progress', 2);
    peer.failSends(demoOpenid(built.citizen.name), 43101);
    await actOk(app, staff, built.caseId, 'accept');
    await actOk(app, staff, built.caseId, 'register');
    await deliver(built.caseId, 'case.registered');
    await deliver(built.caseId, 'case.registered');
    expect(await messagesOf(built.caseId)).toEqual([{ citizenId: built.citizen.id, templateId: TEMPLATES.progress, status: 'refused', errcode: 43101 }]);
    expect(sentTo(built.citizen)).toEqual([]);
    expect(await creditsOf(built.citizen)).toMatchObject({ [TEMPLATES.progress]: 1 });
  });

  it('gives the credit back when WeChat refuses the message for another lasting reason', async () => {
    const built = await buildCase(app);
    await accept(built.citizen, 'progress');
    peer.failSends(demoOpenid(built.citizen.name), 40003);
    await actOk(app, staff, built.caseId, 'accept');
    await actOk(app, staff, built.caseId, 'register');
    await deliver(built.caseId, 'case.registered');
    expect((await messagesOf(built.caseId)).map((row) => [row.status, row.errcode])).toEqual([['failed', 40003]]);
    expect(await creditsOf(built.citizen)).toMatchObject({ [TEMPLATES.progress]: 1 });
  });

  it('retries passing trouble (WeChat busy, a revoked token) and then sends once', async () => {
    const built = await buildCase(app);
    await accept(built.citizen, 'progress');
    peer.failSends(demoOpenid(built.citizen.name), -1);
    await actOk(app, staff, built.caseId, 'accept');
    await actOk(app, staff, built.caseId, 'register');
    const [event] = await caseEvents(app, built.caseId, 'case.registered');
    await processors[0].handle(event);
    await expect(processors[2].handle(event)).rejects.toThrow('not sent yet');
    expect((await messagesOf(built.caseId)).map((row) => row.status)).toEqual(['sending']);
    peer.revokeTokens();
    const tokensBefore = peer.tokensIssued();
    await expect(processors[2].handle(event)).rejects.toThrow('access token');
    await processors[2].handle(event);
    expect(peer.tokensIssued()).toBe(tokensBefore + 1);
    expect(sentTo(built.citizen)).toHaveLength(1);
    expect((await messagesOf(built.caseId)).map((row) => row.status)).toEqual(['sent']);
    expect(await creditsOf(built.citizen)).toMatchObject({ [TEMPLATES.progress]: 0 });
  });

  it('reuses the access token until 5 minutes before it expires', async () => {
    const sends = async () => {
      const built = await buildCase(app);
      await accept(built.citizen, 'progress');
      await actOk(app, staff, built.caseId, 'reject', { reason: '重复举报' });
      await deliver(built.caseId, 'case.rejected');
      expect(sentTo(built.citizen)).toHaveLength(1);
    };
    await sends();
    const tokens = peer.tokensIssued();
    app.clock.advance(60_000);
    await sends();
    expect(peer.tokensIssued()).toBe(tokens);
    app.clock.advance((7200 - 5 * 60) * 1000);
    staff = (await buildStaff(app, { roles: ['reviewer', 'dispatcher'] })).token;
    await sends();
    expect(peer.tokensIssued()).toBe(tokens + 1);
  });
});

describe('in demo mode (no WeChat app)', () => {
  it('records each message as skipped_demo and calls no WeChat', async () => {
    const { db, config, clock } = demo.services;
    const chain = [new CitizenProgressProcessor(db), new SubscribeMessageProcessor(db, clock, config, null)];
    const built = await buildCase(demo);
    expect((await subscribe(built.citizen, [{ templateId: 'demo-progress-template', result: 'accept' }], demo)).status).toBe(200);
    const reviewer = (await buildStaff(demo, { roles: ['reviewer'] })).token;
    await actOk(demo, reviewer, built.caseId, 'accept');
    await actOk(demo, reviewer, built.caseId, 'register');
    const requestsBefore = peer.requests.length;
    await deliver(built.caseId, 'case.registered', demo, chain);
    await deliver(built.caseId, 'case.registered', demo, chain);
    expect(await messagesOf(built.caseId, demo)).toEqual([{ citizenId: built.citizen.id, templateId: 'demo-progress-template', status: 'skipped_demo', errcode: null }]);
    expect(await creditsOf(built.citizen, demo)).toEqual({ 'demo-progress-template': 0 });
    expect(peer.requests.length).toBe(requestsBefore);
  });
});
