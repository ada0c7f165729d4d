/** Queries of contractors, their contracted areas and the deductions against them (only ever inserted). */
import { sql, type Insertable } from 'kysely';
import type { Executor, Trx } from '../db/database.js';
import type { ContractorAreaTable, ContractorDeductionTable, ContractorKind } from '../db/schema.js';

export interface ContractMatch {
  contractorId: number;
  areaId: number;
}

/**
 * The contractors whose contract in force at `at` covers the case's place and category: by its
 * grid, its grid's community or its street. One row per contractor, its most specific area.
 */
export async function contractsCovering(db: Executor, caseId: number, at: Date): Promise<ContractMatch[]> {
  const result = await sql<ContractMatch>`
    select distinct on (a.contractor_id) a.contractor_id, a.id as area_id
    from cases c
    join grids g on g.code = c.grid_code
    join contractor_areas a on (a.area_level = 'grid' and a.area_code = c.grid_code)
                            or (a.area_level = 'community' and a.area_code = g.community_code)
                            or (a.area_level = 'street' and a.area_code = c.street_code)
    where c.id = ${caseId}
      and (a.category_code is null or a.category_code = c.category_code)
      and a.valid_from <= ${at} and (a.valid_until is null or a.valid_until > ${at})
    order by a.contractor_id, case a.area_level when 'grid' then 0 when 'community' then 1 else 2 end
  `.execute(db);
  return result.rows;
}

/**
 * A case's deductions are written one transaction at a time: a 立案 and a 作废 processed at once
 * would otherwise each miss what the other is writing, leaving a deduction never reversed.
 */
export async function lockCaseDeductions(trx: Trx, caseId: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`contractor-deductions:${caseId}`}, 0))`.execute(trx);
}

/**
 * What the case's reward for finding the problem came to (its 立案 credits, after caps), when it
 * was earned, and whether it was reversed since. A confirmation bonus, earned later for rating
 * the fix, is the citizen's, not a lapse of the contractor's.
 */
export async function caseReward(db: Executor, caseId: number) {
  const found = sql`kind = 'credit' and rule_code in ('base', 'first_report_bonus')`;
  const result = await sql<{ creditedFen: number; earnedAt: Date | null; reversed: boolean }>`
    select coalesce(sum(amount_fen) filter (where ${found}), 0)::bigint as credited_fen,
           min(earned_at) filter (where ${found}) as earned_at,
           bool_or(kind = 'reversal') is true as reversed
    from reward_ledger where case_id = ${caseId} and kind in ('credit', 'reversal')
  `.execute(db);
  return result.rows[0];
}

export function findCase(db: Executor, caseId: number) {
  return db.selectFrom('cases').select(['categoryCode', 'gridCode', 'streetCode']).where('id', '=', caseId).executeTakeFirst();
}

/** Inserts deductions; one that exists for its (case, contractor) is ignored. */
export async function insertDeductions(db: Executor, rows: Array<Insertable<ContractorDeductionTable>>): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('contractorDeductions')
    .values(rows)
    .onConflict((conflict) => conflict.columns(['caseId', 'contractorId']).where('kind', '=', 'deduction').doNothing())
    .execute();
}

/** The case's deductions with no reversal yet. */
export function unreversedDeductions(db: Executor, caseId: number) {
  return db
    .selectFrom('contractorDeductions as deduction')
    .select(['deduction.id', 'deduction.contractorId', 'deduction.amountFen', 'deduction.areaId', 'deduction.categoryCode', 'deduction.gridCode', 'deduction.streetCode'])
    .where('deduction.caseId', '=', caseId)
    .where('deduction.kind', '=', 'deduction')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('contractorDeductions as reversal').select('reversal.id').whereRef('reversal.reversesId', '=', 'deduction.id'))))
    .execute();
}

/** Inserts reversals; a second reversal of one deduction is ignored. */
export async function insertReversals(db: Executor, rows: Array<Insertable<ContractorDeductionTable>>): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('contractorDeductions')
    .values(rows)
    .onConflict((conflict) => conflict.column('reversesId').doNothing())
    .execute();
}

export type ContractorRow = Awaited<ReturnType<typeof listContractors>>[number];

/** Every contractor with its contracted areas (and their names), areas newest first. */
export async function listContractors(db: Executor) {
  const [contractors, areas] = await Promise.all([
    db.selectFrom('contractors').select(['id', 'name', 'kind', 'createdAt']).orderBy('id').execute(),
    db
      .selectFrom('contractorAreas')
      .leftJoin('areas', 'areas.code', 'contractorAreas.areaCode')
      .leftJoin('categories', 'categories.code', 'contractorAreas.categoryCode')
      .select([
        'contractorAreas.id',
        'contractorAreas.contractorId',
        'contractorAreas.areaLevel',
        'contractorAreas.areaCode',
        'areas.name as areaName',
        'contractorAreas.categoryCode',
        'categories.name as categoryName',
        'contractorAreas.validFrom',
        'contractorAreas.validUntil',
      ])
      .orderBy('contractorAreas.id', 'desc')
      .execute(),
  ]);
  return contractors.map((contractor) => ({ ...contractor, areas: areas.filter((area) => area.contractorId === contractor.id) }));
}

export function findContractor(db: Executor, id: number) {
  return db.selectFrom('contractors').select(['id', 'name', 'kind']).where('id', '=', id).executeTakeFirst();
}

export async function insertContractor(db: Executor, contractor: { name: string; kind: ContractorKind; createdAt: Date }): Promise<number | undefined> {
  const row = await db
    .insertInto('contractors')
    .values(contractor)
    .onConflict((conflict) => conflict.column('name').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function insertArea(db: Executor, area: Insertable<ContractorAreaTable>): Promise<number> {
  return (await db.insertInto('contractorAreas').values(area).returning('id').executeTakeFirstOrThrow()).id;
}

/** Ends a contracted area at `at`; false when it is not the contractor's or has ended already by then. */
export async function endArea(trx: Trx, contractorId: number, areaId: number, at: Date): Promise<boolean> {
  const result = await trx
    .updateTable('contractorAreas')
    .set({ validUntil: at })
    .where('id', '=', areaId)
    .where('contractorId', '=', contractorId)
    .where('validFrom', '<', at)
    .where((eb) => eb.or([eb('validUntil', 'is', null), eb('validUntil', '>', at)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Whether a code names a place of that level in the city: a unit grid, or a community or street. */
export async function placeExists(db: Executor, level: 'grid' | 'community' | 'street', code: string): Promise<boolean> {
  const found =
    level === 'grid'
      ? await db.selectFrom('grids').select('code').where('code', '=', code).executeTakeFirst()
      : await db.selectFrom('areas').select('code').where('code', '=', code).where('level', '=', level).executeTakeFirst();
  return found !== undefined;
}

/** Per contractor: the month's deductions, reversals and net, in 分 (every contractor, zeros included). */
export async function monthlyTotals(db: Executor, month: { start: Date; end: Date }) {
  const result = await sql<{ contractorId: number; name: string; kind: ContractorKind; cases: number; deductedFen: number; reversedFen: number; netFen: number }>`
    select c.id as contractor_id, c.name, c.kind,
           count(d.id) filter (where d.kind = 'deduction')::int as cases,
           coalesce(sum(d.amount_fen) filter (where d.kind = 'deduction'), 0)::bigint as deducted_fen,
           coalesce(-sum(d.amount_fen) filter (where d.kind = 'reversal'), 0)::bigint as reversed_fen,
           coalesce(sum(d.amount_fen), 0)::bigint as net_fen
    from contractors c
    left join contractor_deductions d on d.contractor_id = c.id and d.occurred_at >= ${month.start} and d.occurred_at < ${month.end}
    group by c.id order by c.id
  `.execute(db);
  return result.rows;
}

export type DeductionRow = Awaited<ReturnType<typeof deductionsOf>>[number];

/** One contractor's entries of the month, in time order, with the names a statement prints. */
export function deductionsOf(db: Executor, contractorId: number, month: { start: Date; end: Date }) {
  return db
    .selectFrom('contractorDeductions as d')
    .innerJoin('contractorAreas as a', 'a.id', 'd.areaId')
    .leftJoin('categories', 'categories.code', 'd.categoryCode')
    .leftJoin('areas as street', 'street.code', 'd.streetCode')
    .select([
      'd.id',
      'd.caseId',
      'd.kind',
      'd.amountFen',
      'd.reversesId',
      'd.categoryCode',
      'categories.name as categoryName',
      'd.gridCode',
      'd.streetCode',
      'street.name as streetName',
      'a.areaLevel',
      'a.areaCode',
      'd.occurredAt',
    ])
    .where('d.contractorId', '=', contractorId)
    .where('d.occurredAt', '>=', month.start)
    .where('d.occurredAt', '<', month.end)
    .orderBy('d.occurredAt')
    .orderBy('d.id')
    .execute();
}
