import { sql, type Kysely } from 'kysely';

/**
 * The checker may send a batch back to the maker (review again) with a reason; the batch keeps
 * the last send-back so the maker sees why. Every send-back is also in the audit log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table settlement_batches
      add column sent_back_by bigint references staff (id),
      add column sent_back_at timestamptz,
      add column sent_back_reason text check (char_length(sent_back_reason) <= 200),
      add check ((sent_back_by is null) = (sent_back_at is null) and (sent_back_at is null) = (sent_back_reason is null));
  `.execute(db);
}
