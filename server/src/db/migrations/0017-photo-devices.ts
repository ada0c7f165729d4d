import { sql, type Kysely } from 'kysely';

/**
 * The device a citizen's photo was uploaded from: a random id the mini program makes once per
 * installation (WeChat exposes no hardware id, rightly). Finance's review lists the devices
 * behind many reports or several paid accounts in a month (outliers, #8).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table photos add column device_id text check (device_id ~ '^[A-Za-z0-9_-]{8,64}$');
  `.execute(db);
}
