import type { Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { CategoryTable, DepartmentTable } from '../db/schema.js';

export type CategoryRow = Selectable<CategoryTable>;
export type DepartmentRow = Selectable<DepartmentTable>;
export type CategoryWithDepartment = CategoryRow & { departmentName: string };

/** One category by its code (e.g. `E0102`), or undefined when there is none. */
export async function findCategory(db: Executor, code: string): Promise<CategoryRow | undefined> {
  return db.selectFrom('categories').selectAll().where('code', '=', code).executeTakeFirst();
}

/** Every category with its default handling department, 部件 before 事件, then by code. */
export async function listCategories(db: Executor, filter: { kind?: CategoryRow['kind'] } = {}): Promise<CategoryWithDepartment[]> {
  let query = db
    .selectFrom('categories')
    .innerJoin('departments', 'departments.code', 'categories.departmentCode')
    .selectAll('categories')
    .select('departments.name as departmentName');
  if (filter.kind) query = query.where('categories.kind', '=', filter.kind);
  return query.orderBy('categories.kind').orderBy('categories.code').execute();
}

/** Every handling unit (departments and street offices), by code. */
export async function listDepartments(db: Executor): Promise<DepartmentRow[]> {
  return db.selectFrom('departments').selectAll().orderBy('code').execute();
}

/** One handling unit by its code, or undefined when there is none. */
export async function findDepartment(db: Executor, code: string): Promise<DepartmentRow | undefined> {
  return db.selectFrom('departments').selectAll().where('code', '=', code).executeTakeFirst();
}
