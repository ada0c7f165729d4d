/** Queries of the reward rules, exclusions and the ledger. The ledger is only ever inserted into. */
import { sql, type Insertable } from 'kysely';
import type { Executor, Trx } from '../db/database.js';
import type { RewardExclusionTable, RewardLedgerTable } from '../db/schema.js';
import { rewardRulesSchema, type RewardRules } from './rules.js';

export interface RuleVersion {
  id: number;
  effectiveFrom: Date;
  rules: RewardRules;
  note: string;
  createdBy: number | null;
  createdAt: Date;
}

const RULE_COLUMNS = ['id', 'effectiveFrom', 'rules', 'note', 'createdBy', 'createdAt'] as const;

/** A stored version with the defaults of rules added since it was written (e.g. confirmationBonusFen: 0). */
function ruleVersionOf(row: Omit<RuleVersion, 'rules'> & { rules: unknown }): RuleVersion {
  return { ...row, rules: rewardRulesSchema.validate(row.rules).value as RewardRules };
}

export async function insertRuleVersion(db: Executor, version: Omit<RuleVersion, 'id'>): Promise<RuleVersion> {
  const row = await db
    .insertInto('rewardRuleVersions')
    .values({ ...version, rules: JSON.stringify(version.rules) })
    .returning(RULE_COLUMNS)
    .executeTakeFirstOrThrow();
  return ruleVersionOf(row);
}

export async function listRuleVersions(db: Executor): Promise<RuleVersion[]> {
  const rows = await db.selectFrom('rewardRuleVersions').select(RULE_COLUMNS).orderBy('effectiveFrom', 'desc').orderBy('id', 'desc').execute();
  return rows.map(ruleVersionOf);
}

/** The version in force at `at`: the latest to take effect by then (of two on one date, the later entered). */
export async function ruleVersionAt(db: Executor, at: Date): Promise<RuleVersion | undefined> {
  const row = await db
    .selectFrom('rewardRuleVersions')
    .select(RULE_COLUMNS)
    .where('effectiveFrom', '<=', at)
    .orderBy('effectiveFrom', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && ruleVersionOf(row);
}

export function findExclusion(db: Executor, citizenId: number) {
  return db.selectFrom('rewardExclusions').selectAll().where('citizenId', '=', citizenId).executeTakeFirst();
}

export type ExclusionRow = Awaited<ReturnType<typeof listExclusions>>['exclusions'][number];

/** A page of the excluded citizens, latest first, with who excluded them. */
export async function listExclusions(db: Executor, page: { offset: number; limit: number }) {
  const [exclusions, count] = await Promise.all([
    db
      .selectFrom('rewardExclusions')
      .innerJoin('citizens', 'citizens.id', 'rewardExclusions.citizenId')
      .innerJoin('staff', 'staff.id', 'rewardExclusions.createdBy')
      .select(['rewardExclusions.citizenId', 'citizens.openid', 'citizens.nickname', 'rewardExclusions.kind', 'rewardExclusions.reason', 'staff.name as createdByName', 'rewardExclusions.createdAt'])
      .orderBy('rewardExclusions.createdAt', 'desc')
      .orderBy('rewardExclusions.citizenId', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    db.selectFrom('rewardExclusions').select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { exclusions, total: count.total };
}

export async function upsertExclusion(db: Executor, exclusion: Insertable<RewardExclusionTable>): Promise<void> {
  await db
    .insertInto('rewardExclusions')
    .values(exclusion)
    .onConflict((conflict) =>
      conflict.column('citizenId').doUpdateSet({ kind: exclusion.kind, reason: exclusion.reason, createdBy: exclusion.createdBy, createdAt: exclusion.createdAt }),
    )
    .execute();
}

export async function deleteExclusion(db: Executor, citizenId: number): Promise<boolean> {
  const result = await db.deleteFrom('rewardExclusions').where('citizenId', '=', citizenId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Credits of one citizen are written one transaction at a time, so the caps see every earlier one. */
export async function lockCitizenRewards(trx: Trx, citizenId: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`reward-citizen:${citizenId}`}, 0))`.execute(trx);
}

/** Credits against a month's pool are written one at a time, so the pool is never overspent. */
export async function lockMonthPool(trx: Trx, month: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`reward-pool:${month}`}, 0))`.execute(trx);
}

/**
 * The case and its first valid reporter, the case row share-locked: a 作废 committing meanwhile
 * waits for this credit, so its reversal sees it. `anonymous`: the reporter has neither an openid
 * nor a phone number (a hotline caller who withheld their number, filed under a citizen of their own).
 */
export async function findRewardableCase(trx: Trx, caseId: number) {
  return trx
    .selectFrom('cases')
    .innerJoin('reports', (join) => join.onRef('reports.caseId', '=', 'cases.id').on('reports.isPrimary', '=', true))
    .innerJoin('citizens', 'citizens.id', 'reports.citizenId')
    .select(['cases.status', 'cases.categoryCode', 'cases.streetCode', 'reports.citizenId', 'reports.source'])
    .select(sql<boolean>`citizens.openid is null and citizens.phone_hash is null`.as('anonymous'))
    .where('cases.id', '=', caseId)
    .forShare('cases')
    .executeTakeFirst();
}

export type RewardableCase = NonNullable<Awaited<ReturnType<typeof findRewardableCase>>>;

export async function creditedRuleCodes(db: Executor, caseId: number, citizenId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('rewardLedger')
    .select('ruleCode')
    .where('caseId', '=', caseId)
    .where('citizenId', '=', citizenId)
    .where('kind', '=', 'credit')
    .execute();
  return rows.map((row) => row.ruleCode!);
}

/** Net earnings (credits less reversals) earned in [start, end), of one citizen or, with null, of everyone. */
export async function earnedBetween(db: Executor, citizenId: number | null, start: Date, end: Date): Promise<number> {
  let query = db
    .selectFrom('rewardLedger')
    .select(sql<number>`coalesce(sum(amount_fen), 0)::bigint`.as('total'))
    .where('kind', 'in', ['credit', 'reversal'])
    .where('earnedAt', '>=', start)
    .where('earnedAt', '<', end);
  if (citizenId !== null) query = query.where('citizenId', '=', citizenId);
  return (await query.executeTakeFirstOrThrow()).total;
}

/** Inserts a credit; a second credit for the same (case, citizen, rule) is ignored. */
export async function insertCredit(db: Executor, entry: Insertable<RewardLedgerTable>): Promise<void> {
  await sql`
    insert into reward_ledger (citizen_id, amount_fen, kind, cause, case_id, rule_code, rule_version_id, capped_by, capped_fen,
                               event_id, street_code, category_code, earned_at, created_at)
    values (${entry.citizenId}, ${entry.amountFen}, 'credit', ${entry.cause}, ${entry.caseId}, ${entry.ruleCode}, ${entry.ruleVersionId},
            ${entry.cappedBy ?? null}, ${entry.cappedFen ?? 0}, ${entry.eventId ?? null}, ${entry.streetCode ?? null},
            ${entry.categoryCode ?? null}, ${entry.earnedAt}, ${entry.createdAt})
    on conflict (case_id, citizen_id, rule_code) where kind = 'credit' do nothing
  `.execute(db);
}

/** Credits of a case with money in them and no reversal yet. */
export function unreversedCredits(db: Executor, caseId: number) {
  return db
    .selectFrom('rewardLedger as credit')
    .select(['credit.id', 'credit.citizenId', 'credit.amountFen', 'credit.ruleCode', 'credit.ruleVersionId', 'credit.streetCode', 'credit.categoryCode'])
    .where('credit.caseId', '=', caseId)
    .where('credit.kind', '=', 'credit')
    .where('credit.amountFen', '>', 0)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('rewardLedger as reversal').select('reversal.id').whereRef('reversal.reversesEntryId', '=', 'credit.id'))))
    .execute();
}

/** Inserts reversals; one that already exists for its entry is ignored. */
export async function insertReversals(db: Executor, entries: Array<Insertable<RewardLedgerTable>>): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('rewardLedger')
    .values(entries)
    .onConflict((conflict) => conflict.column('reversesEntryId').doNothing())
    .execute();
}

export async function balanceOf(db: Executor, citizenId: number): Promise<number> {
  const row = await db
    .selectFrom('rewardLedger')
    .select(sql<number>`coalesce(sum(amount_fen), 0)::bigint`.as('balance'))
    .where('citizenId', '=', citizenId)
    .executeTakeFirstOrThrow();
  return row.balance;
}

export type LedgerEntry = Awaited<ReturnType<typeof listEntries>>[number];

/** A citizen's entries, newest first, before an entry id when paging. */
export function listEntries(db: Executor, citizenId: number, page: { limit: number; before?: number }) {
  let query = db
    .selectFrom('rewardLedger')
    .select(['id', 'kind', 'amountFen', 'cause', 'caseId', 'ruleCode', 'ruleVersionId', 'cappedBy', 'cappedFen', 'reversesEntryId', 'payoutLineId', 'earnedAt'])
    .where('citizenId', '=', citizenId);
  if (page.before !== undefined) query = query.where('id', '<', page.before);
  return query.orderBy('id', 'desc').limit(page.limit).execute();
}

/** Per Beijing month: what was earned, reversed, and moved into settlement (or back). */
export async function monthlyStatements(db: Executor, citizenId: number) {
  const result = await sql<{ month: string; earnedFen: number; reversedFen: number; settledFen: number }>`
    select to_char(earned_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month,
           coalesce(sum(amount_fen) filter (where kind = 'credit'), 0)::bigint as earned_fen,
           coalesce(-sum(amount_fen) filter (where kind = 'reversal'), 0)::bigint as reversed_fen,
           coalesce(-sum(amount_fen) filter (where kind in ('settlement', 'settlement_return')), 0)::bigint as settled_fen
    from reward_ledger where citizen_id = ${citizenId}
    group by 1 order by 1 desc limit 24
  `.execute(db);
  return result.rows;
}
