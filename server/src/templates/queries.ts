import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { ResponseTemplateTable } from '../db/schema.js';
import type { TemplateFilter } from './schemas.js';

export type TemplateRow = Selectable<ResponseTemplateTable>;

/**
 * Templates matching the filter: with `action`, that action's before the ones for 'any'; with
 * `categoryCode`, that category's and the general ones, the category's first; then by sort
 * order and age. Without a filter, every template, grouped by action.
 */
export async function listTemplates(db: Executor, filter: TemplateFilter): Promise<TemplateRow[]> {
  let query = db.selectFrom('responseTemplates').selectAll();
  if (filter.action) query = query.where('action', 'in', [filter.action, 'any']);
  if (filter.categoryCode) {
    const { categoryCode } = filter;
    query = query.where((eb) => eb.or([eb('categoryCode', '=', categoryCode), eb('categoryCode', 'is', null)]));
  }
  return query
    .orderBy(sql`action = 'any'`)
    .orderBy('action')
    .orderBy(sql`category_code is null`)
    .orderBy('categoryCode')
    .orderBy('sortOrder')
    .orderBy('id')
    .execute();
}

export async function findTemplate(db: Executor, id: number): Promise<TemplateRow | undefined> {
  return db.selectFrom('responseTemplates').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockTemplate(trx: Executor, id: number): Promise<TemplateRow | undefined> {
  return trx.selectFrom('responseTemplates').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Inserts templates; one with the text of another of its action and category is skipped. Returns those inserted. */
export async function insertTemplates(db: Executor, rows: Insertable<ResponseTemplateTable>[]): Promise<TemplateRow[]> {
  return db
    .insertInto('responseTemplates')
    .values(rows)
    .onConflict((conflict) => conflict.doNothing())
    .returningAll()
    .execute();
}

export async function updateTemplateRow(trx: Executor, id: number, changes: Updateable<ResponseTemplateTable>): Promise<TemplateRow> {
  return trx.updateTable('responseTemplates').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteTemplateRow(trx: Executor, id: number): Promise<TemplateRow | undefined> {
  return trx.deleteFrom('responseTemplates').where('id', '=', id).returningAll().executeTakeFirst();
}

export async function hasAnyTemplate(db: Executor): Promise<boolean> {
  return (await db.selectFrom('responseTemplates').select('id').limit(1).executeTakeFirst()) !== undefined;
}
