/** Administrators' changes to contractors and their contracted areas; each is audited. */
import { recordAudit } from '../audit/record-audit.js';
import type { StaffActor } from '../auth/tokens.js';
import { AppError } from '../errors/app-error.js';
import type { Services } from '../services.js';
import { endArea, findContractor, insertArea, insertContractor, placeExists } from './queries.js';
import type { NewContractedArea, NewContractor } from './schemas.js';

interface By {
  actor: StaffActor;
  ip: string;
}

export function contractorNotFound(id: number) {
  return AppError.notFound('contractor.not_found', `no contractor ${id}`);
}

export async function createContractor(services: Services, { actor, ip, contractor }: By & { contractor: NewContractor }): Promise<number> {
  const now = services.clock.now();
  return services.db.transaction().execute(async (trx) => {
    const id = await insertContractor(trx, { ...contractor, createdAt: now });
    if (id === undefined) throw AppError.conflict('contractor.name_taken', `a contractor named ${contractor.name} exists already`);
    await recordAudit(trx, { at: now, staffId: actor.staffId, username: actor.username, action: 'contractor.created', targetType: 'contractor', targetId: id, ip, details: { ...contractor } });
    return id;
  });
}

/**
 * Adds a contracted area from `validFrom` (now or later: deductions already recorded keep the
 * contracts that made them). The place must be a grid, community or street of the city.
 */
export async function addContractedArea(services: Services, { actor, ip, contractorId, area }: By & { contractorId: number; area: NewContractedArea }): Promise<number> {
  const now = services.clock.now();
  if (area.validFrom < now) {
    throw AppError.unprocessable('contractor.area_in_the_past', 'a contracted area takes effect from now or later', [{ field: 'validFrom', message: `must not be before ${now.toISOString()}` }]);
  }
  if (!(await placeExists(services.db, area.areaLevel, area.areaCode))) {
    throw AppError.unprocessable('contractor.unknown_place', `no ${area.areaLevel} ${area.areaCode} in the city`, [{ field: 'areaCode', message: `must be the code of a ${area.areaLevel}` }]);
  }
  if (area.categoryCode && !(await services.db.selectFrom('categories').select('code').where('code', '=', area.categoryCode).executeTakeFirst())) {
    throw AppError.unprocessable('contractor.unknown_category', `no category ${area.categoryCode}`, [{ field: 'categoryCode', message: 'must be a category code' }]);
  }
  return services.db.transaction().execute(async (trx) => {
    if (!(await findContractor(trx, contractorId))) throw contractorNotFound(contractorId);
    const id = await insertArea(trx, { contractorId, ...area, validUntil: null });
    await recordAudit(trx, {
      at: now,
      staffId: actor.staffId,
      username: actor.username,
      action: 'contractor.area_added',
      targetType: 'contractor',
      targetId: contractorId,
      ip,
      details: { areaId: id, ...area, validFrom: area.validFrom.toISOString() },
    });
    return id;
  });
}

/** Ends a contracted area now: cases registered from now on no longer cost this contractor. */
export async function endContractedArea(services: Services, { actor, ip, contractorId, areaId }: By & { contractorId: number; areaId: number }): Promise<void> {
  const now = services.clock.now();
  await services.db.transaction().execute(async (trx) => {
    if (!(await endArea(trx, contractorId, areaId, now))) {
      throw AppError.conflict('contractor.area_not_in_force', `area ${areaId} of contractor ${contractorId} does not exist, has not started, or has ended already`);
    }
    await recordAudit(trx, { at: now, staffId: actor.staffId, username: actor.username, action: 'contractor.area_ended', targetType: 'contractor', targetId: contractorId, ip, details: { areaId } });
  });
}
