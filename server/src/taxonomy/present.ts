import type { CategoryWithDepartment, DepartmentRow, DispatchRuleRow } from './queries.js';

/** A category as clients see it; the code splits into the kind letter and the standard's 4 digits. */
export function presentCategory(category: CategoryWithDepartment) {
  return {
    code: category.code,
    name: category.name,
    kind: category.kind,
    majorCode: category.majorCode,
    majorName: category.majorName,
    minorCode: category.code.slice(3, 5),
    standardCode: category.code.slice(1),
    department: { code: category.departmentCode, name: category.departmentName },
    timeLimit: { value: category.timeLimitValue, unit: category.timeLimitUnit },
    stageLimits: { accept: category.acceptLimitHours, register: category.registerLimitHours, dispatch: category.dispatchLimitHours },
    dedupRadiusM: category.dedupRadiusM,
    dedupWindowH: category.dedupWindowH,
  };
}

/** A handling unit; a street office names the street it serves. */
export function presentDepartment(department: DepartmentRow) {
  return {
    code: department.code,
    name: department.name,
    kind: department.kind,
    ...(department.streetCode ? { streetCode: department.streetCode } : {}),
  };
}

export function presentDispatchRule(rule: DispatchRuleRow) {
  return {
    category: { code: rule.categoryCode, name: rule.categoryName },
    street: { code: rule.streetCode, name: rule.streetName },
    department: { code: rule.departmentCode, name: rule.departmentName },
  };
}
