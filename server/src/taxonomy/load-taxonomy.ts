/**
 * The taxonomy (handling units and 部件/事件 categories) lives in two data files under ./data so
 * cities change it by editing data, not code. It is validated strictly at boot: a bad entry stops
 * the process with the entry named, before anything reaches the database.
 */
import { readFile } from 'node:fs/promises';
import Joi from 'joi';
import type { Db } from '../db/database.js';
import type { CategoryTable, DepartmentTable } from '../db/schema.js';
import * as rules from './schemas.js';

export interface DepartmentEntry {
  code: string;
  name: string;
  kind: DepartmentTable['kind'];
  /** For a street office: the street (area code) it serves. */
  streetCode?: string;
}

/** Hours allowed for the stages before 处置, on the category's clock. */
export interface StageLimits {
  accept: number;
  register: number;
  dispatch: number;
}

/** 受理 and 立案 within an hour each, 派遣 within half an hour: the usual centre targets. */
export const DEFAULT_STAGE_LIMITS: StageLimits = { accept: 1, register: 1, dispatch: 0.5 };

export interface CategoryEntry {
  code: string;
  kind: CategoryTable['kind'];
  name: string;
  majorCode: string;
  majorName: string;
  departmentCode: string;
  timeLimit: { value: number; unit: CategoryTable['timeLimitUnit'] };
  dedupRadiusM: number;
  dedupWindowH: number;
  stageLimits: StageLimits;
}

export interface Taxonomy {
  departments: DepartmentEntry[];
  categories: CategoryEntry[];
}

const departmentSchema = Joi.object<DepartmentEntry>({
  code: rules.departmentCode.required(),
  name: rules.departmentName.required(),
  kind: Joi.string().valid('department', 'street_office').required(),
  streetCode: rules.streetCode.when('kind', { is: 'department', then: Joi.forbidden() }),
});

const categorySchema = Joi.object<CategoryEntry>({
  code: rules.categoryCode.required(),
  kind: Joi.string().valid('component', 'event').required(),
  name: Joi.string().trim().min(2).max(30).required(),
  majorCode: Joi.string().pattern(/^[0-9]{2}$/).required(),
  majorName: Joi.string().trim().min(2).max(20).required(),
  departmentCode: Joi.string().required(),
  timeLimit: rules.timeLimit.required(),
  dedupRadiusM: rules.dedupRadiusM.required(),
  dedupWindowH: rules.dedupWindowH.required(),
  stageLimits: Joi.object({
    accept: rules.stageHours.required(),
    register: rules.stageHours.required(),
    dispatch: rules.stageHours.required(),
  }).default(DEFAULT_STAGE_LIMITS),
}).custom((entry: CategoryEntry, helpers) => {
  const letter = entry.kind === 'component' ? 'C' : 'E';
  if (entry.code[0] !== letter) return helpers.message({ custom: `code must start with ${letter} for kind ${entry.kind}` });
  if (entry.code.slice(1, 3) !== entry.majorCode) return helpers.message({ custom: `code ${entry.code} is not in major class ${entry.majorCode}` });
  return entry;
});

/** "categories.json[3] (E0104 道路不洁)": the file, the position, the code and name of an entry. */
function describeEntry(file: string, raw: unknown, path: (string | number)[]): string {
  const [index] = path;
  if (typeof index !== 'number' || !Array.isArray(raw)) return file;
  const entry = raw[index] as { code?: unknown; name?: unknown } | undefined;
  const label = [entry?.code, entry?.name].filter((part) => typeof part === 'string').join(' ');
  return `${file}[${index}]${label ? ` (${label})` : ''}`;
}

/** Throws when any entry breaks its schema, listing every problem with its entry. */
function validateList<T>(file: string, raw: unknown, item: Joi.ObjectSchema<T>): T[] {
  const schema = Joi.array().items(item).min(1).unique('code').required();
  const { value, error } = schema.validate(raw, { abortEarly: false, errors: { label: false } });
  if (error) {
    const problems = error.details.map((detail) => {
      const field = detail.path.slice(1).join('.');
      return `${describeEntry(file, raw, detail.path)}: ${field ? `${field} ` : ''}${detail.message}`;
    });
    throw new Error(`invalid taxonomy data:\n  ${problems.join('\n  ')}`);
  }
  return value as T[];
}

/**
 * Validates the raw contents of both data files, then checks them against each other (every
 * category's department exists; one name per major class). Throws an error listing every
 * problem, each naming its entry.
 */
export function parseTaxonomy(raw: { departments: unknown; categories: unknown }): Taxonomy {
  const departments = validateList('departments.json', raw.departments, departmentSchema);
  const categories = validateList('categories.json', raw.categories, categorySchema);

  const problems: string[] = [];
  const departmentCodes = new Set(departments.map((department) => department.code));
  const majorNames = new Map<string, string>();
  categories.forEach((category, index) => {
    const label = `categories.json[${index}] (${category.code} ${category.name})`;
    if (!departmentCodes.has(category.departmentCode)) {
      problems.push(`${label}: departmentCode ${category.departmentCode} is not in departments.json`);
    }
    const majorKey = category.code.slice(0, 3);
    const majorName = majorNames.get(majorKey) ?? category.majorName;
    majorNames.set(majorKey, majorName);
    if (majorName !== category.majorName) {
      problems.push(`${label}: majorName ${category.majorName} differs from ${majorName} used earlier for ${majorKey}`);
    }
  });

  if (problems.length > 0) throw new Error(`invalid taxonomy data:\n  ${problems.join('\n  ')}`);
  return { departments, categories };
}

async function readDataFile(name: string): Promise<unknown> {
  // Resolved against this module, so it works from any working directory, under tsx and Jest alike.
  const file = new URL(`./data/${name}`, import.meta.url);
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read taxonomy data ${file.pathname}: ${(error as Error).message}`);
  }
}

/**
 * Upserts the departments, then the categories, from the data files in one transaction.
 * Idempotent. Entries removed from the files stay in the database: cases still refer to them.
 *
 * Ownership of a row (as with calendar years): a row nobody edited (edited_by null) follows the
 * file on every boot, so a corrected file reaches the database; once an administrator edits a
 * category or unit through the API, their values win and the file no longer touches the row.
 */
export async function loadTaxonomy(db: Db): Promise<void> {
  const { departments, categories } = parseTaxonomy({
    departments: await readDataFile('departments.json'),
    categories: await readDataFile('categories.json'),
  });
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('departments')
      .values(departments.map((department) => ({ ...department, streetCode: department.streetCode ?? null })))
      .onConflict((conflict) =>
        conflict
          .column('code')
          .doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            kind: eb.ref('excluded.kind'),
            streetCode: eb.ref('excluded.streetCode'),
          }))
          .where('departments.editedBy', 'is', null),
      )
      .execute();
    await trx
      .insertInto('categories')
      .values(
        categories.map(({ timeLimit, stageLimits, ...category }) => ({
          ...category,
          timeLimitValue: timeLimit.value,
          timeLimitUnit: timeLimit.unit,
          acceptLimitHours: stageLimits.accept,
          registerLimitHours: stageLimits.register,
          dispatchLimitHours: stageLimits.dispatch,
        })),
      )
      .onConflict((conflict) =>
        conflict
          .column('code')
          .doUpdateSet((eb) => ({
            kind: eb.ref('excluded.kind'),
            name: eb.ref('excluded.name'),
            majorCode: eb.ref('excluded.majorCode'),
            majorName: eb.ref('excluded.majorName'),
            departmentCode: eb.ref('excluded.departmentCode'),
            timeLimitValue: eb.ref('excluded.timeLimitValue'),
            timeLimitUnit: eb.ref('excluded.timeLimitUnit'),
            dedupRadiusM: eb.ref('excluded.dedupRadiusM'),
            dedupWindowH: eb.ref('excluded.dedupWindowH'),
            acceptLimitHours: eb.ref('excluded.acceptLimitHours'),
            registerLimitHours: eb.ref('excluded.registerLimitHours'),
            dispatchLimitHours: eb.ref('excluded.dispatchLimitHours'),
          }))
          .where('categories.editedBy', 'is', null),
      )
      .execute();
  });
}
