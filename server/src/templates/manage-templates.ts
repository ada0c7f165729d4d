/** Administrators keeping the 常用语 lists: add, change and remove templates, each audited. */
import { recordAudit } from '../audit/record-audit.js';
import type { StaffActor } from '../auth/tokens.js';
import type { Executor } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { Services } from '../services.js';
import { findCategory } from '../taxonomy/queries.js';
import { presentTemplate } from './present.js';
import { deleteTemplateRow, insertTemplates, lockTemplate, updateTemplateRow, type TemplateRow } from './queries.js';
import type { CreateTemplateInput, UpdateTemplateInput } from './schemas.js';

interface Change {
  actor: StaffActor;
  ip: string;
}

type Deps = Pick<Services, 'db' | 'clock'>;

function duplicate(text: string) {
  return AppError.conflict('template.duplicate', `the template "${text}" already exists for this action and category`);
}

function templateNotFound(id: number) {
  return AppError.notFound('template.not_found', `no template ${id}`);
}

async function requireCategory(db: Executor, code: string | null | undefined): Promise<void> {
  if (!code || (await findCategory(db, code))) return;
  throw AppError.unprocessable('template.unknown_category', `no category ${code}; GET /api/v1/categories lists them`, [
    { field: 'categoryCode', message: `unknown category ${code}` },
  ]);
}

async function audit(db: Executor, { actor, ip }: Change, now: Date, action: string, id: number, details: Record<string, unknown>) {
  await recordAudit(db, { at: now, staffId: actor.staffId, username: actor.username, action, targetType: 'template', targetId: id, ip, details });
}

/** Adds a template; the same text for the same action and category is 409 `template.duplicate`. */
export async function createTemplate(services: Deps, { input, ...change }: Change & { input: CreateTemplateInput }): Promise<TemplateRow> {
  const now = services.clock.now();
  return services.db.transaction().execute(async (trx) => {
    await requireCategory(trx, input.categoryCode);
    const [created] = await insertTemplates(trx, [{ ...input, createdBy: change.actor.staffId, createdAt: now }]);
    if (!created) throw duplicate(input.text);
    await audit(trx, change, now, 'template.create', created.id, presentTemplate(created));
    return created;
  });
}

/** PostgreSQL's unique_violation: here, only response_templates_unique can raise it. */
const isUniqueViolation = (error: unknown) => (error as { code?: unknown }).code === '23505';

/** Changes a template's action, category, text or order; the audit entry keeps what it was. */
export async function updateTemplate(
  services: Deps,
  { id, input, ...change }: Change & { id: number; input: UpdateTemplateInput },
): Promise<TemplateRow> {
  const now = services.clock.now();
  return services.db.transaction().execute(async (trx) => {
    const current = await lockTemplate(trx, id);
    if (!current) throw templateNotFound(id);
    await requireCategory(trx, input.categoryCode);
    const updated = await updateTemplateRow(trx, id, input).catch((error: unknown) => {
      throw isUniqueViolation(error) ? duplicate(input.text ?? current.text) : error;
    });
    await audit(trx, change, now, 'template.update', id, { ...input, previous: presentTemplate(current) });
    return updated;
  });
}

export async function deleteTemplate(services: Deps, { id, ...change }: Change & { id: number }): Promise<void> {
  const now = services.clock.now();
  await services.db.transaction().execute(async (trx) => {
    const deleted = await deleteTemplateRow(trx, id);
    if (!deleted) throw templateNotFound(id);
    await audit(trx, change, now, 'template.delete', id, presentTemplate(deleted));
  });
}
