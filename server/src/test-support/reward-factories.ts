/**
 * Factories for reward and settlement tests: a case taken to 立案 through the workflow API, and
 * its recorded events handed to an event processor the way the events worker would.
 */
import { sql } from 'kysely';
import type { TestApp } from './test-app.js';
import type { TestCitizen } from './factories.js';
import { buildCase, actOk, type TestCase } from './case-factories.js';
import { loginDemoStaff } from './factories.js';
import type { DomainEvent, EventProcessor } from '../queue/outbox.js';

/** A new case, accepted and registered (立案) by the demo reviewer. */
export async function buildRegisteredCase(app: TestApp, options: { categoryCode?: string; citizen?: TestCitizen; spot?: { lat: number; lng: number } } = {}): Promise<TestCase> {
  const built = await buildCase(app, options);
  const reviewer = await loginDemoStaff(app, 'reviewer');
  await actOk(app, reviewer.token, built.caseId, 'accept');
  await actOk(app, reviewer.token, built.caseId, 'register');
  return built;
}

/** The recorded events of a case on a topic, as the relay would put them on the queue. */
export async function caseEvents(app: TestApp, caseId: number, topic: string): Promise<DomainEvent[]> {
  const rows = await app.services.db
    .selectFrom('outbox')
    .select(['id', 'topic', 'payload', 'createdAt'])
    .where('topic', '=', topic)
    .where(sql<boolean>`payload->>'caseId' = ${String(caseId)}`)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: row.id, topic: row.topic, occurredAt: row.createdAt.toISOString(), payload: row.payload as Record<string, unknown> }));
}

/** Hands every event of the case on the topic to the processor; returns how many. */
export async function deliverCaseEvents(app: TestApp, processor: EventProcessor, caseId: number, topic: string): Promise<number> {
  const events = await caseEvents(app, caseId, topic);
  for (const event of events) await processor.handle(event);
  return events.length;
}

/** A reward earned the real way: a case the citizen founded, registered, its 立案 event processed. */
export async function buildReward(
  app: TestApp,
  processor: EventProcessor,
  options: { citizen?: TestCitizen; categoryCode?: string; spot?: { lat: number; lng: number } } = {},
): Promise<TestCase> {
  const built = await buildRegisteredCase(app, options);
  await deliverCaseEvents(app, processor, built.caseId, 'case.registered');
  return built;
}

/** Reward rules of its own for a test's time window, added by the demo administrator. */
export async function addRewardRules(app: TestApp, effectiveFrom: string, rules: Record<string, unknown>) {
  const admin = await loginDemoStaff(app, 'admin');
  const response = await app.request('POST', '/api/v1/reward-rules', { token: admin.token, body: { effectiveFrom, rules } });
  if (response.status !== 201) throw new Error(`adding rules failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.version as { id: number };
}
