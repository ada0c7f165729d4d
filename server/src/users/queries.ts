import type { Executor } from '../db/database.js';

/** Finds the citizen of an openid or creates one; concurrent first logins give one row. */
export async function upsertCitizenByOpenid(db: Executor, session: { openid: string; unionid?: string }, now: Date) {
  return db
    .insertInto('citizens')
    .values({ openid: session.openid, unionid: session.unionid ?? null, createdAt: now })
    .onConflict((conflict) =>
      conflict.column('openid').doUpdateSet((eb) => ({
        unionid: eb.fn.coalesce('excluded.unionid', 'citizens.unionid'),
      })),
    )
    .returning(['id', 'openid', 'nickname', 'createdAt'])
    .executeTakeFirstOrThrow();
}
