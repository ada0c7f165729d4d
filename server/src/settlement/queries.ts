/** Queries of settlement batches and their payout lines. */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Executor, Trx } from '../db/database.js';
import type { BatchStatus, BillState, Database, PayoutChannel, PayoutLineStatus } from '../db/schema.js';

const BATCH_COLUMNS = ['id', 'status', 'createdBy', 'createdAt', 'makerId', 'madeAt', 'checkerId', 'checkedAt', 'sentBackBy', 'sentBackAt', 'sentBackReason'] as const;

export interface BatchRow {
  id: number;
  /** `YYYY-MM`. */
  month: string;
  status: BatchStatus;
  createdBy: number | null;
  createdByName: string | null;
  createdAt: Date;
  makerId: number | null;
  makerName: string | null;
  madeAt: Date | null;
  checkerId: number | null;
  checkerName: string | null;
  checkedAt: Date | null;
  sentBackBy: number | null;
  sentBackByName: string | null;
  sentBackAt: Date | null;
  sentBackReason: string | null;
}

function batchQuery(db: Executor) {
  const nameOf = (column: 'createdBy' | 'makerId' | 'checkerId' | 'sentBackBy') => (eb: ExpressionBuilder<Database, 'settlementBatches'>) =>
    eb.selectFrom('staff').select('staff.name').whereRef('staff.id', '=', `settlementBatches.${column}`);
  return db
    .selectFrom('settlementBatches')
    .select(BATCH_COLUMNS)
    .select(sql<string>`to_char(month, 'YYYY-MM')`.as('month'))
    .select((eb) => [nameOf('createdBy')(eb).as('createdByName'), nameOf('makerId')(eb).as('makerName'), nameOf('checkerId')(eb).as('checkerName'), nameOf('sentBackBy')(eb).as('sentBackByName')]);
}

export async function findBatch(db: Executor, id: number): Promise<BatchRow | undefined> {
  return batchQuery(db).where('id', '=', id).executeTakeFirst();
}

export async function lockBatch(trx: Trx, id: number): Promise<BatchRow | undefined> {
  return batchQuery(trx).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function listBatches(db: Executor): Promise<BatchRow[]> {
  return batchQuery(db).orderBy('settlementBatches.month', 'desc').limit(60).execute();
}

/** Creates the month's batch; undefined when it exists already (one batch per month). */
export async function insertBatch(trx: Trx, month: string, createdBy: number | null, now: Date): Promise<number | undefined> {
  const row = await trx
    .insertInto('settlementBatches')
    .values({ month: `${month}-01`, status: 'review', createdBy, createdAt: now })
    .onConflict((conflict) => conflict.column('month').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function findBatchIdByMonth(db: Executor, month: string): Promise<number | undefined> {
  return (await db.selectFrom('settlementBatches').select('id').where('month', '=', `${month}-01`).executeTakeFirst())?.id;
}

/** Settlements are built one at a time: two months built at once would both count a balance. */
export async function lockSettlementBuilding(trx: Trx): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended('settlement-build', 0))`.execute(trx);
}

export interface LineRules {
  monthStart: Date;
  monthEnd: Date;
  minPayoutFen: number;
  /** WeChat lines above this go to manual handling (settle-month.ts: largestWechatLineFen). */
  manualAboveFen: number;
  now: Date;
}

/**
 * In one statement (one snapshot): every citizen's payable balance as of the month's end becomes a
 * payout line, and a `settlement` entry per line takes the amount off the balance, so the next
 * month cannot count it again. The channel is the citizen's preference, else WeChat when there is
 * an openid, else manual; a wechat line without an openid, or above `manualAboveFen`, is manual.
 */
export async function buildLines(trx: Trx, batchId: number, rules: LineRules): Promise<{ lines: number; totalFen: number }> {
  const result = await sql<{ lines: number; totalFen: number }>`
    with balances as (
      select citizen_id, sum(amount_fen) as balance,
             count(*) filter (where kind = 'credit' and amount_fen > 0 and earned_at >= ${rules.monthStart}) as reward_count
      from reward_ledger
      where kind in ('settlement', 'settlement_return') or earned_at < ${rules.monthEnd}
      group by citizen_id
      having sum(amount_fen) >= ${rules.minPayoutFen}
    ), chosen as (
      select b.citizen_id, b.balance, b.reward_count, c.openid, p.phone_encrypted, p.phone_masked,
             coalesce(p.channel, case when c.openid is not null then 'wechat_transfer' else 'manual' end) as channel
      from balances b join citizens c on c.id = b.citizen_id left join payout_preferences p on p.citizen_id = b.citizen_id
    ), lines as (
      insert into payout_lines (batch_id, citizen_id, amount_fen, channel, status, reward_count, openid, phone_encrypted, phone_masked)
      select ${batchId}, citizen_id, balance,
             case when channel = 'wechat_transfer' and (openid is null or balance > ${rules.manualAboveFen}::bigint)
                  then 'manual' else channel end,
             'pending', reward_count, openid, phone_encrypted, phone_masked
      from chosen
      returning id, citizen_id, amount_fen
    ), entries as (
      -- Counted in the month settled, so the citizen's statement shows it there.
      insert into reward_ledger (citizen_id, amount_fen, kind, cause, payout_line_id, earned_at, created_at)
      select citizen_id, -amount_fen, 'settlement', 'settlement.batch', id, ${rules.monthStart}, ${rules.now} from lines
      returning amount_fen
    )
    select count(*)::int as lines, coalesce(-sum(amount_fen), 0)::bigint as total_fen from entries
  `.execute(trx);
  return result.rows[0];
}

export interface LineFilter {
  citizenId?: number;
  status?: PayoutLineStatus;
  channel?: PayoutChannel;
  streetCode?: string;
  minAmountFen?: number;
  minRewards?: number;
}

const LINE_COLUMNS = ['id', 'citizenId', 'amountFen', 'channel', 'status', 'rewardCount', 'openid', 'phoneMasked', 'excludedReason', 'voucherNo', 'failure', 'paidAt'] as const;

/** The batch's lines the filter keeps; the street filter keeps citizens with a reward earned in that street. */
function filteredLines(db: Executor, batchId: number, filter: LineFilter) {
  let query = db.selectFrom('payoutLines').where('batchId', '=', batchId);
  if (filter.citizenId !== undefined) query = query.where('citizenId', '=', filter.citizenId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.channel) query = query.where('channel', '=', filter.channel);
  if (filter.minAmountFen !== undefined) query = query.where('amountFen', '>=', filter.minAmountFen);
  if (filter.minRewards !== undefined) query = query.where('rewardCount', '>=', filter.minRewards);
  if (filter.streetCode) {
    const street = filter.streetCode;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('rewardLedger')
          .select('rewardLedger.id')
          .whereRef('rewardLedger.citizenId', '=', 'payoutLines.citizenId')
          .where('rewardLedger.kind', '=', 'credit')
          .where('rewardLedger.streetCode', '=', street),
      ),
    );
  }
  return query;
}

export type LineRow = Awaited<ReturnType<typeof listLines>>['lines'][number];

/** A page of the batch's lines, biggest first. */
export async function listLines(db: Executor, batchId: number, filter: LineFilter, page: { offset: number; limit: number }) {
  const query = filteredLines(db, batchId, filter);
  const [lines, count] = await Promise.all([
    query.select(LINE_COLUMNS).orderBy('amountFen', 'desc').orderBy('id').offset(page.offset).limit(page.limit).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { lines, total: Number(count.total) };
}

/** Every line the filter keeps, in line order: what the payouts export lists. */
export function allLines(db: Executor, batchId: number, filter: LineFilter): Promise<LineRow[]> {
  return filteredLines(db, batchId, filter).select(LINE_COLUMNS).orderBy('id').execute();
}

export function lockLine(trx: Trx, batchId: number, lineId: number) {
  return trx
    .selectFrom('payoutLines')
    .select(['id', 'batchId', 'citizenId', 'amountFen', 'channel', 'status', 'openid'])
    .where('id', '=', lineId)
    .where('batchId', '=', batchId)
    .forUpdate()
    .executeTakeFirst();
}

/** Totals of the batch's lines per status and channel. */
export function lineTotals(db: Executor, batchId: number) {
  return db
    .selectFrom('payoutLines')
    .select((eb) => ['status', 'channel', eb.fn.countAll<number>().as('lines'), sql<number>`sum(amount_fen)::bigint`.as('amountFen')])
    .where('batchId', '=', batchId)
    .groupBy(['status', 'channel'])
    .orderBy('status')
    .orderBy('channel')
    .execute();
}

const EARNINGS_GROUPS = {
  street: { column: 'street_code', names: 'areas' },
  category: { column: 'category_code', names: 'categories' },
} as const;

/** The month's net earnings of the batch's payable citizens, per street or per category, with its name. */
export async function earningsBy(db: Executor, batchId: number, by: keyof typeof EARNINGS_GROUPS, month: { start: Date; end: Date }) {
  const group = EARNINGS_GROUPS[by];
  const result = await sql<{ code: string | null; name: string | null; rewards: number; amountFen: number }>`
    select l.${sql.ref(group.column)} as code, n.name, count(*) filter (where l.kind = 'credit')::int as rewards, sum(l.amount_fen)::bigint as amount_fen
    from reward_ledger l
    join payout_lines p on p.citizen_id = l.citizen_id and p.batch_id = ${batchId} and p.status <> 'excluded'
    left join ${sql.table(group.names)} n on n.code = l.${sql.ref(group.column)}
    where l.kind in ('credit', 'reversal') and l.earned_at >= ${month.start} and l.earned_at < ${month.end}
    group by 1, 2 order by 4 desc
  `.execute(db);
  return result.rows;
}

/** Lines with the most rewards this month: the citizens most worth a second look. */
export function outlierLines(db: Executor, batchId: number, minRewards: number) {
  return db
    .selectFrom('payoutLines')
    .select(['id', 'citizenId', 'amountFen', 'rewardCount', 'status'])
    .where('batchId', '=', batchId)
    .where('rewardCount', '>=', minRewards)
    .orderBy('rewardCount', 'desc')
    .limit(50)
    .execute();
}

/**
 * Devices behind the month's reports of the batch's payees that are worth a second look: one
 * installation reporting for several accounts, or reporting at least `minReports` times. Each
 * with the accounts it reported for that this batch pays, so finance can open and exclude them.
 */
export async function deviceOutliers(db: Executor, batchId: number, month: { start: Date; end: Date }, minReports: number) {
  const result = await sql<{ deviceId: string; reports: number; citizens: number; payees: number[] }>`
    select p.device_id, count(distinct r.id)::int as reports, count(distinct r.citizen_id)::int as citizens,
           json_agg(distinct l.citizen_id order by l.citizen_id) filter (where l.id is not null) as payees
    from reports r
    join photos p on p.report_id = r.id and p.device_id is not null
    left join payout_lines l on l.batch_id = ${batchId} and l.citizen_id = r.citizen_id
    where r.created_at >= ${month.start} and r.created_at < ${month.end}
    group by p.device_id
    having count(l.id) > 0 and (count(distinct r.citizen_id) > 1 or count(distinct r.id) >= ${minReports})
    order by citizens desc, reports desc
    limit 50
  `.execute(db);
  return result.rows;
}

/** Lines still to be paid; none left means the batch is done. */
export async function countUnfinishedLines(db: Executor, batchId: number): Promise<number> {
  const row = await db
    .selectFrom('payoutLines')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('batchId', '=', batchId)
    .where('status', 'in', ['pending', 'paying'])
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** A paying batch with no line left to pay is done. */
export async function finishBatchIfDone(db: Executor, batchId: number): Promise<void> {
  if ((await countUnfinishedLines(db, batchId)) > 0) return;
  await db.updateTable('settlementBatches').set({ status: 'done' }).where('id', '=', batchId).where('status', '=', 'paying').execute();
}

export async function findLine(db: Executor, batchId: number, lineId: number) {
  return db
    .selectFrom('payoutLines')
    .select(LINE_COLUMNS)
    .where('id', '=', lineId)
    .where('batchId', '=', batchId)
    .executeTakeFirst();
}

/** Bills of the batch per state: how far its WeChat transfers have come. */
export function billTotals(db: Executor, batchId: number) {
  return db
    .selectFrom('transferBills')
    .innerJoin('payoutLines', 'payoutLines.id', 'transferBills.lineId')
    .select((eb) => ['transferBills.state', eb.fn.countAll<number>().as('bills'), sql<number>`sum(transfer_bills.amount_fen)::bigint`.as('amountFen')])
    .where('payoutLines.batchId', '=', batchId)
    .groupBy('transferBills.state')
    .orderBy('transferBills.state')
    .execute();
}

export type BillRow = Awaited<ReturnType<typeof listBills>>['bills'][number];

/**
 * A page of the batch's transfer bills, newest first. `superseded`: a later attempt of the same
 * part exists, so this bill is history and nothing more is done with it.
 */
export async function listBills(db: Executor, batchId: number, state: BillState | undefined, page: { offset: number; limit: number }) {
  let query = db.selectFrom('transferBills').innerJoin('payoutLines', 'payoutLines.id', 'transferBills.lineId').where('payoutLines.batchId', '=', batchId);
  if (state) query = query.where('transferBills.state', '=', state);
  const [bills, count] = await Promise.all([
    query
      .select((eb) => [
        'transferBills.outBillNo',
        'transferBills.lineId',
        'transferBills.part',
        'transferBills.attempt',
        'transferBills.amountFen',
        'transferBills.state',
        'transferBills.transferBillNo',
        'transferBills.failReason',
        'transferBills.createdAt',
        'transferBills.updatedAt',
        'payoutLines.status as lineStatus',
        eb
          .exists(
            eb
              .selectFrom('transferBills as later')
              .select('later.id')
              .whereRef('later.lineId', '=', 'transferBills.lineId')
              .whereRef('later.part', '=', 'transferBills.part')
              .whereRef('later.attempt', '>', 'transferBills.attempt'),
          )
          .as('superseded'),
      ])
      .orderBy('transferBills.id', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { bills, total: Number(count.total) };
}

export function findBillOfBatch(db: Executor, batchId: number, outBillNo: string) {
  return db
    .selectFrom('transferBills')
    .innerJoin('payoutLines', 'payoutLines.id', 'transferBills.lineId')
    .select(['transferBills.outBillNo', 'transferBills.state'])
    .where('payoutLines.batchId', '=', batchId)
    .where('transferBills.outBillNo', '=', outBillNo)
    .executeTakeFirst();
}
