/**
 * The lights refresh: as time passes, running clocks turn yellow and red, and a clock that turns
 * overdue announces it once (`case.overdue`). A BullMQ job scheduler runs it on the `workflow`
 * queue every LIGHTS_REFRESH_SECONDS; any number of workers may run it at once.
 */
import type { Worker } from 'bullmq';
import Joi from 'joi';
import { sql } from 'kysely';
import type { Db, Trx } from '../db/database.js';
import type { Light } from '../db/schema.js';
import type { Services } from '../services.js';
import { recordEvent } from '../queue/outbox.js';
import { startWorker, type JobDefinition } from '../queue/jobs.js';
import { lightJudge, type ClockKind } from './clocks.js';

/** Running clocks judged per transaction: a batch is a few hundred kB, whatever the number of open cases. */
const BATCH_SIZE = 1000;
const JOB_NAME = 'refresh-lights';

export interface RefreshCounts {
  /** Running, unpaused clocks whose light could still change, looked at. */
  clocks: number;
  /** Cases whose light this refresh changed. */
  lightsChanged: number;
  /** Clocks this refresh found overdue first (one `case.overdue` each). */
  overdue: number;
}

interface RunningClock {
  id: number;
  caseId: number;
  kind: ClockKind;
  limitMs: number;
  dueAt: Date;
  overdueAt: Date | null;
  assumedYears: number[];
  caseLight: Light;
}

/**
 * The next batch of running, unpaused clocks whose light may still change, in deadline order,
 * after the last one of the batch before. Walks the partial index `case_clocks_running_due`, so
 * stopped clocks cost nothing.
 */
async function nextBatch(db: Db, after: RunningClock | undefined): Promise<RunningClock[]> {
  let query = db
    .selectFrom('caseClocks')
    .innerJoin('cases', 'cases.id', 'caseClocks.caseId')
    .select([
      'caseClocks.id',
      'caseClocks.caseId',
      'caseClocks.kind',
      'caseClocks.limitMs',
      'caseClocks.dueAt',
      'caseClocks.overdueAt',
      'caseClocks.assumedYears',
      'cases.light as caseLight',
    ])
    .where('caseClocks.stoppedAt', 'is', null)
    .where('caseClocks.pausedAt', 'is', null)
    // Red and announced stays so until an action changes the clock, and actions set the light themselves.
    .where((eb) => eb.or([eb('cases.light', '<>', 'red'), eb('caseClocks.overdueAt', 'is', null)]));
  if (after) {
    query = query
      .where('caseClocks.dueAt', '>=', after.dueAt)
      .where((eb) => eb(eb.refTuple('caseClocks.dueAt', 'caseClocks.id'), '>', eb.tuple(after.dueAt, after.id)));
  }
  return query.orderBy('caseClocks.dueAt').orderBy('caseClocks.id').limit(BATCH_SIZE).execute();
}

/**
 * Writes new lights. A case whose due_at no longer matches the clock judged was changed by an
 * action since the batch was read (stopped, paused, extended, a new stage): it is left alone,
 * and the row lock makes PostgreSQL check that against the committed row.
 */
async function writeLights(trx: Trx, changes: Array<{ clock: RunningClock; light: Light }>): Promise<number> {
  if (changes.length === 0) return 0;
  const values = sql.join(changes.map(({ clock, light }) => sql`(${clock.caseId}::bigint, ${light}::text, ${clock.dueAt}::timestamptz)`));
  const result = await sql`
    update cases set light = judged.light
    from (values ${values}) as judged (case_id, light, due_at)
    where cases.id = judged.case_id and cases.due_at = judged.due_at and cases.light <> judged.light
  `.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Marks clocks overdue and records one `case.overdue` each. `overdue_at is null` is checked under
 * the row lock, so of two refreshes racing only one marks (and announces) a clock.
 */
async function markOverdue(trx: Trx, clockIds: number[], now: Date): Promise<number> {
  if (clockIds.length === 0) return 0;
  const marked = await trx
    .updateTable('caseClocks')
    .set({ overdueAt: now })
    .from('cases')
    .whereRef('cases.id', '=', 'caseClocks.caseId')
    .where('caseClocks.id', 'in', clockIds)
    .where('caseClocks.overdueAt', 'is', null)
    .where('caseClocks.stoppedAt', 'is', null)
    .where('caseClocks.pausedAt', 'is', null)
    .where('caseClocks.dueAt', '<=', now)
    .returning(['caseClocks.caseId', 'caseClocks.stage', 'caseClocks.dueAt', 'cases.departmentCode'])
    .execute();
  const clock = { now: () => now };
  for (const { caseId, stage, dueAt, departmentCode } of marked) {
    await recordEvent(trx, clock, 'case.overdue', { caseId, stage, dueAt: dueAt.toISOString(), departmentCode });
  }
  return marked.length;
}

/**
 * Recomputes the light of every case with a running, unpaused clock as of `now`, writing only
 * the lights that changed, and marks clocks that became overdue (with their `case.overdue`
 * events). Warns once when running deadlines reach years without an entered holiday schedule.
 */
export async function refreshLights(services: Pick<Services, 'db' | 'calendar' | 'config' | 'logger' | 'relay'>, now: Date): Promise<RefreshCounts> {
  const judge = lightJudge(now, await services.calendar.get(), services.config.workflow.yellowFraction);
  const counts: RefreshCounts = { clocks: 0, lightsChanged: 0, overdue: 0 };
  const assumedYears = new Set<number>();
  for (let batch = await nextBatch(services.db, undefined); batch.length > 0; batch = await nextBatch(services.db, batch.at(-1))) {
    counts.clocks += batch.length;
    batch.forEach((clock) => clock.assumedYears.forEach((year) => assumedYears.add(year)));
    const changes = batch.map((clock) => ({ clock, light: judge(clock) })).filter(({ clock, light }) => light !== clock.caseLight);
    const newlyOverdue = batch.filter((clock) => clock.overdueAt === null && clock.dueAt <= now).map((clock) => clock.id);
    if (changes.length === 0 && newlyOverdue.length === 0) continue;
    await services.db.transaction().execute(async (trx) => {
      counts.lightsChanged += await writeLights(trx, changes);
      counts.overdue += await markOverdue(trx, newlyOverdue, now);
    });
  }
  if (counts.overdue > 0) services.relay.kick();
  if (assumedYears.size > 0) {
    services.logger.warn(
      { years: [...assumedYears].sort((a, b) => a - b) },
      'running deadlines reach years without an entered holiday schedule and were computed on plain weekdays; enter the schedule with PUT /api/v1/calendar/years/:year',
    );
  }
  return counts;
}

/** The job the scheduler repeats; its payload is empty. */
export function refreshLightsJob(services: Services): JobDefinition<Record<string, never>> {
  return {
    queue: 'workflow',
    name: JOB_NAME,
    schema: Joi.object({}),
    async handle() {
      const counts = await refreshLights(services, services.clock.now());
      services.logger.debug({ counts }, 'lights refreshed');
    },
  };
}

/** Creates or updates the repeatable refresh; every worker process does this at start, which is idempotent. */
export async function scheduleLightsRefresh(services: Services): Promise<void> {
  await services.bus
    .queue('workflow')
    .upsertJobScheduler(
      JOB_NAME,
      { every: services.config.workflow.lightsRefreshSeconds * 1000 },
      // Retrying a refresh is pointless: the next one is at most an interval away.
      { name: JOB_NAME, data: {}, opts: { attempts: 1 } },
    );
}

/** The `workflow` queue's worker; it also (re)schedules the refresh, logging when Redis refuses. */
export function startWorkflowWorker(services: Services): Worker {
  scheduleLightsRefresh(services).catch((err) => services.logger.error({ err }, 'cannot schedule the lights refresh'));
  return startWorker(services.config.redisUrl, 'workflow', [refreshLightsJob(services)], services.logger, services.queuePrefix);
}
