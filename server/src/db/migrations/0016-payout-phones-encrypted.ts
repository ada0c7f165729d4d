import { sql, type Kysely } from 'kysely';

/**
 * The 话费 payout numbers at rest as the hotline's are: AES-256-GCM ciphertext and the masked
 * form, never the plain number. Rows written before this keep their plain `phone` until the
 * platform's next start encrypts them (`protectPayoutPhones`: the key is in the config, which
 * a migration does not see); `phone` is then always null and a later migration can drop it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table payout_preferences
      add column phone_encrypted text,
      add column phone_masked text,
      drop constraint payout_preferences_check,
      add constraint payout_preferences_phone_for_phone_credit
        check ((channel = 'phone_credit') = (coalesce(phone, phone_encrypted) is not null)),
      add check ((phone_encrypted is null) = (phone_masked is null));

    alter table payout_lines
      add column phone_encrypted text,
      add column phone_masked text,
      drop constraint payout_lines_check1,
      add constraint payout_lines_phone_for_phone_credit
        check (channel <> 'phone_credit' or coalesce(phone, phone_encrypted) is not null),
      add check ((phone_encrypted is null) = (phone_masked is null));

    -- What the start-up step looks for; empty once it has run, so every later start is instant.
    create index payout_preferences_plain_phone on payout_preferences (citizen_id) where phone is not null;
    create index payout_lines_plain_phone on payout_lines (id) where phone is not null;
  `.execute(db);
}
