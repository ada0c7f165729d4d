import { sql, type Kysely } from 'kysely';

/**
 * A staff member's SIP extension: the FreeSWITCH user (`1000`) or mod_callcenter agent name
 * (`1002@default`) they take calls on, so the agent console pops a call only on the desk of the
 * agent who answered it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table staff
      add column sip_extension text
        check (char_length(sip_extension) <= 32 and sip_extension ~ '^([0-9]+|[A-Za-z0-9._-]+@[A-Za-z0-9._-]+)$');

    -- Calls are matched on the part before '@' (a callcenter agent 1002@default answers as 1002
    -- when bridged directly), so that part names one account only.
    create unique index staff_sip_extension_key on staff (split_part(sip_extension, '@', 1));
  `.execute(db);
}
