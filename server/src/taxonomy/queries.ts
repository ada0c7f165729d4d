import type { Selectable, Updateable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { CategoryTable, DepartmentTable, DispatchRuleTable } from '../db/schema.js';

export type CategoryRow = Selectable<CategoryTable>;
export type DepartmentRow = Selectable<DepartmentTable>;
export type CategoryWithDepartment = CategoryRow & { departmentName: string };

/** One category by its code (e.g. `E0102`), or undefined when there is none. */
export async function findCategory(db: Executor, code: string): Promise<CategoryRow | undefined> {
  return db.selectFrom('categories').selectAll().where('code', '=', code).executeTakeFirst();
}

/** Every category row (what `CategoryCache` keeps). */
export async function listCategoryRows(db: Executor): Promise<CategoryRow[]> {
  return db.selectFrom('categories').selectAll().execute();
}

function selectCategories(db: Executor) {
  return db
    .selectFrom('categories')
    .innerJoin('departments', 'departments.code', 'categories.departmentCode')
    .selectAll('categories')
    .select('departments.name as departmentName');
}

/** Every category with its default handling department, 部件 before 事件, then by code. */
export async function listCategories(db: Executor, filter: { kind?: CategoryRow['kind'] } = {}): Promise<CategoryWithDepartment[]> {
  let query = selectCategories(db);
  if (filter.kind) query = query.where('categories.kind', '=', filter.kind);
  return query.orderBy('categories.kind').orderBy('categories.code').execute();
}

/** One category with its default handling department's name. */
export async function findCategoryWithDepartment(db: Executor, code: string): Promise<CategoryWithDepartment | undefined> {
  return selectCategories(db).where('categories.code', '=', code).executeTakeFirst();
}

/** The category row, locked until the transaction ends: edits of one category apply one at a time. */
export async function lockCategory(trx: Executor, code: string): Promise<CategoryRow | undefined> {
  return trx.selectFrom('categories').selectAll().where('code', '=', code).forUpdate().executeTakeFirst();
}

export async function updateCategoryRow(trx: Executor, code: string, changes: Updateable<CategoryTable>): Promise<void> {
  await trx.updateTable('categories').set(changes).where('code', '=', code).execute();
}

/** Every handling unit (departments and street offices), by code. */
export async function listDepartments(db: Executor): Promise<DepartmentRow[]> {
  return db.selectFrom('departments').selectAll().orderBy('code').execute();
}

/** One handling unit by its code, or undefined when there is none. */
export async function findDepartment(db: Executor, code: string): Promise<DepartmentRow | undefined> {
  return db.selectFrom('departments').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function lockDepartment(trx: Executor, code: string): Promise<DepartmentRow | undefined> {
  return trx.selectFrom('departments').selectAll().where('code', '=', code).forUpdate().executeTakeFirst();
}

export async function updateDepartmentRow(trx: Executor, code: string, changes: Updateable<DepartmentTable>): Promise<void> {
  await trx.updateTable('departments').set(changes).where('code', '=', code).execute();
}

/** A street (街道) of the city's areas, or undefined when there is none. */
export async function findStreet(db: Executor, code: string): Promise<{ code: string; name: string } | undefined> {
  return db.selectFrom('areas').select(['code', 'name']).where('code', '=', code).where('level', '=', 'street').executeTakeFirst();
}

type DispatchRuleKey = Pick<DispatchRuleTable, 'categoryCode' | 'streetCode'>;

function selectDispatchRules(db: Executor) {
  return db
    .selectFrom('dispatchRules')
    .innerJoin('categories', 'categories.code', 'dispatchRules.categoryCode')
    .innerJoin('areas', 'areas.code', 'dispatchRules.streetCode')
    .innerJoin('departments', 'departments.code', 'dispatchRules.departmentCode')
    .select([
      'dispatchRules.categoryCode',
      'categories.name as categoryName',
      'dispatchRules.streetCode',
      'areas.name as streetName',
      'dispatchRules.departmentCode',
      'departments.name as departmentName',
    ]);
}

export type DispatchRuleRow = Awaited<ReturnType<typeof listDispatchRules>>[number];

/** The per-street dispatch rules with the names of what they join, by category then street. */
export async function listDispatchRules(db: Executor, filter: Partial<DispatchRuleKey> = {}) {
  let query = selectDispatchRules(db);
  if (filter.categoryCode) query = query.where('dispatchRules.categoryCode', '=', filter.categoryCode);
  if (filter.streetCode) query = query.where('dispatchRules.streetCode', '=', filter.streetCode);
  return query.orderBy('dispatchRules.categoryCode').orderBy('dispatchRules.streetCode').execute();
}

export async function findDispatchRule(db: Executor, key: DispatchRuleKey): Promise<DispatchRuleRow | undefined> {
  return selectDispatchRules(db)
    .where('dispatchRules.categoryCode', '=', key.categoryCode)
    .where('dispatchRules.streetCode', '=', key.streetCode)
    .executeTakeFirst();
}

/** Sets the street's unit for the category; returns the unit it replaces, if there was a rule. */
export async function upsertDispatchRule(trx: Executor, rule: DispatchRuleTable): Promise<string | null> {
  const previous = await trx
    .selectFrom('dispatchRules')
    .select('departmentCode')
    .where('categoryCode', '=', rule.categoryCode)
    .where('streetCode', '=', rule.streetCode)
    .forUpdate()
    .executeTakeFirst();
  await trx
    .insertInto('dispatchRules')
    .values(rule)
    .onConflict((conflict) => conflict.columns(['categoryCode', 'streetCode']).doUpdateSet({ departmentCode: rule.departmentCode }))
    .execute();
  return previous?.departmentCode ?? null;
}

/** Removes a rule; returns the unit it named, or undefined when there was none. */
export async function deleteDispatchRuleRow(trx: Executor, key: DispatchRuleKey): Promise<string | undefined> {
  const deleted = await trx
    .deleteFrom('dispatchRules')
    .where('categoryCode', '=', key.categoryCode)
    .where('streetCode', '=', key.streetCode)
    .returning('departmentCode')
    .executeTakeFirst();
  return deleted?.departmentCode;
}
