import { sql, type Kysely } from 'kysely';

/**
 * Monthly settlement: how each citizen wants to be paid, one batch per month with its payout
 * lines, and the WeChat Pay transfer bills that pay wechat lines.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table payout_preferences (
      citizen_id bigint primary key references citizens (id),
      channel text not null check (channel in ('wechat_transfer', 'phone_credit', 'manual')),
      -- The number the carrier credits (话费); only for that channel.
      phone text check (phone ~ '^1[3-9][0-9]{9}$'),
      check ((channel = 'phone_credit') = (phone is not null)),
      updated_at timestamptz not null
    );

    -- review → checking (maker approved) → approved (checker approved) → paying → done.
    create table settlement_batches (
      id bigint generated always as identity primary key,
      -- The first day of the month settled; one batch per month.
      month date not null unique,
      status text not null check (status in ('review', 'checking', 'approved', 'paying', 'done')),
      -- Null when the scheduler made it.
      created_by bigint references staff (id),
      created_at timestamptz not null,
      maker_id bigint references staff (id),
      made_at timestamptz,
      checker_id bigint references staff (id),
      checked_at timestamptz,
      check (checker_id is null or checker_id <> maker_id)
    );

    create table payout_lines (
      id bigint generated always as identity primary key,
      batch_id bigint not null references settlement_batches (id),
      citizen_id bigint not null references citizens (id),
      amount_fen bigint not null check (amount_fen > 0),
      channel text not null check (channel in ('wechat_transfer', 'phone_credit', 'manual')),
      status text not null check (status in ('pending', 'excluded', 'paying', 'paid', 'failed')),
      -- Credits in the month settled, for finding outliers.
      reward_count integer not null,
      openid text,
      phone text,
      excluded_reason text,
      excluded_by bigint references staff (id),
      -- The voucher of a red packet or cash payment, or the carrier's reference.
      voucher_no text,
      failure text,
      paid_at timestamptz,
      unique (batch_id, citizen_id),
      check (channel <> 'wechat_transfer' or openid is not null),
      check (channel <> 'phone_credit' or phone is not null)
    );
    create index payout_lines_by_batch on payout_lines (batch_id, status, channel);
    alter table reward_ledger add foreign key (payout_line_id) references payout_lines (id);

    -- One row per 商家转账 bill. CREATING is written before the call: a crash after it leaves a
    -- bill to query, never a bill we do not know about.
    create table transfer_bills (
      id bigint generated always as identity primary key,
      line_id bigint not null references payout_lines (id),
      -- A line over the single-transfer limit is paid in parts; attempt counts re-issues.
      part integer not null,
      attempt integer not null,
      out_bill_no text not null unique check (out_bill_no ~ '^[A-Za-z0-9]{1,32}$'),
      amount_fen bigint not null check (amount_fen > 0),
      openid text not null,
      state text not null check (state in ('CREATING', 'ACCEPTED', 'PROCESSING', 'WAIT_USER_CONFIRM', 'TRANSFERING', 'SUCCESS', 'FAIL', 'CANCELING', 'CANCELLED')),
      transfer_bill_no text,
      package_info text,
      fail_reason text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (line_id, part, attempt)
    );
    -- Never a second live bill for a part: a new attempt needs the last one proven FAIL or CANCELLED.
    create unique index transfer_bills_one_live on transfer_bills (line_id, part) where state not in ('FAIL', 'CANCELLED');
    create index transfer_bills_open on transfer_bills (state) where state not in ('SUCCESS', 'FAIL', 'CANCELLED');
  `.execute(db);
}
