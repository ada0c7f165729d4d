import type { ContractorRow, DeductionRow } from './queries.js';

export function presentContractor(contractor: ContractorRow) {
  return {
    id: contractor.id,
    name: contractor.name,
    kind: contractor.kind,
    createdAt: contractor.createdAt.toISOString(),
    areas: contractor.areas.map((area) => ({
      id: area.id,
      areaLevel: area.areaLevel,
      areaCode: area.areaCode,
      /** Streets and communities by name; a grid is known by its code. */
      areaName: area.areaName,
      categoryCode: area.categoryCode,
      categoryName: area.categoryName,
      validFrom: area.validFrom.toISOString(),
      validUntil: area.validUntil?.toISOString() ?? null,
    })),
  };
}

export function presentDeduction(deduction: DeductionRow) {
  return {
    id: deduction.id,
    caseId: deduction.caseId,
    kind: deduction.kind,
    amountFen: deduction.amountFen,
    reversesId: deduction.reversesId,
    categoryCode: deduction.categoryCode,
    categoryName: deduction.categoryName,
    gridCode: deduction.gridCode,
    streetCode: deduction.streetCode,
    streetName: deduction.streetName,
    areaLevel: deduction.areaLevel,
    areaCode: deduction.areaCode,
    occurredAt: deduction.occurredAt.toISOString(),
  };
}
