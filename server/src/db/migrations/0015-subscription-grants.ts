import { sql, type Kysely } from 'kysely';

/**
 * One row per subscribe-message dialog the mini program reported, by its Idempotency-Key: a
 * retried POST /subscriptions (the answer lost on a bad network) then adds no second credit,
 * which would let us try a message WeChat never allowed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table subscription_grants (
      citizen_id bigint not null references citizens (id),
      idempotency_key text not null,
      request_hash text not null,
      created_at timestamptz not null,
      primary key (citizen_id, idempotency_key)
    );
  `.execute(db);
}
