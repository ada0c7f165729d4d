import Router from '@koa/router';
import { sql } from 'kysely';
import type { Services } from '../services.js';

/** 200 only when both PostgreSQL and Redis answer; load balancers and `npm start` poll it. */
export function healthRoutes({ db, redis }: Services): Router {
  const router = new Router();
  router.get('/healthz', async (ctx) => {
    const [database, queue] = await Promise.allSettled([
      sql`select 1`.execute(db),
      redis.ping(),
    ]);
    const ok = database.status === 'fulfilled' && queue.status === 'fulfilled';
    ctx.status = ok ? 200 : 503;
    ctx.body = ok
      ? { status: 'ok' }
      : { status: 'unavailable', postgres: database.status === 'fulfilled' ? 'ok' : 'down', redis: queue.status === 'fulfilled' ? 'ok' : 'down' };
  });
  return router;
}
