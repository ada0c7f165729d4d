/** Administrators' changes to reward rules and exclusions; each is audited with what it changed. */
import { recordAudit } from '../audit/record-audit.js';
import type { StaffActor } from '../auth/tokens.js';
import { AppError } from '../errors/app-error.js';
import type { Services } from '../services.js';
import type { NewRuleVersion } from './schemas.js';
import { deleteExclusion, insertRuleVersion, upsertExclusion, type RuleVersion } from './queries.js';

interface By {
  actor: StaffActor;
  ip: string;
}

/**
 * Adds a rule version taking effect at `effectiveFrom`. Only from now on: rewards already earned
 * keep the version that made them, so the past cannot be rewritten.
 */
export async function addRuleVersion(services: Services, { actor, ip, version }: By & { version: NewRuleVersion }): Promise<RuleVersion> {
  const now = services.clock.now();
  if (version.effectiveFrom < now) {
    throw AppError.unprocessable('reward.rules_in_the_past', 'a rule change takes effect from now or later', [
      { field: 'effectiveFrom', message: `must not be before ${now.toISOString()}` },
    ]);
  }
  return services.db.transaction().execute(async (trx) => {
    const created = await insertRuleVersion(trx, { ...version, createdBy: actor.staffId, createdAt: now });
    await recordAudit(trx, {
      at: now,
      staffId: actor.staffId,
      username: actor.username,
      action: 'reward.rules_added',
      targetType: 'reward_rule_version',
      targetId: created.id,
      ip,
      details: { effectiveFrom: version.effectiveFrom.toISOString(), rules: version.rules, note: version.note },
    });
    return created;
  });
}

export async function excludeCitizen(
  services: Services,
  { actor, ip, citizenId, kind, reason }: By & { citizenId: number; kind: 'staff' | 'collector' | 'abuse'; reason: string },
): Promise<void> {
  const now = services.clock.now();
  await services.db.transaction().execute(async (trx) => {
    const citizen = await trx.selectFrom('citizens').select('id').where('id', '=', citizenId).executeTakeFirst();
    if (!citizen) throw AppError.notFound('citizen.not_found', `no citizen ${citizenId}`);
    await upsertExclusion(trx, { citizenId, kind, reason, createdBy: actor.staffId, createdAt: now });
    await recordAudit(trx, { at: now, staffId: actor.staffId, username: actor.username, action: 'reward.citizen_excluded', targetType: 'citizen', targetId: citizenId, ip, details: { kind, reason } });
  });
}

export async function readmitCitizen(services: Services, { actor, ip, citizenId }: By & { citizenId: number }): Promise<void> {
  const now = services.clock.now();
  await services.db.transaction().execute(async (trx) => {
    if (!(await deleteExclusion(trx, citizenId))) throw AppError.notFound('reward.exclusion_not_found', `citizen ${citizenId} is not excluded`);
    await recordAudit(trx, { at: now, staffId: actor.staffId, username: actor.username, action: 'reward.citizen_readmitted', targetType: 'citizen', targetId: citizenId, ip });
  });
}
