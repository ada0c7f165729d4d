import type { StaffProfile } from './staff-queries.js';

/** Openids identify a person across every mini program of the account: never sent out whole. */
export function maskOpenid(openid: string | null): string | null {
  if (!openid) return null;
  return openid.length <= 8 ? '****' : `${openid.slice(0, 4)}****${openid.slice(-4)}`;
}

export function presentCitizen(citizen: { id: number; openid: string | null; nickname: string | null }) {
  return { id: citizen.id, openid: maskOpenid(citizen.openid), nickname: citizen.nickname };
}

/** A staff member as they see themselves (login, /me): who, which roles, which unit, which extension. */
export function presentStaff(staff: StaffProfile) {
  return {
    id: staff.id,
    username: staff.username,
    name: staff.name,
    roles: staff.roles,
    sipExtension: staff.sipExtension,
    ...(staff.departmentCode ? { department: { code: staff.departmentCode, name: staff.departmentName } } : {}),
  };
}

/** An account as administrators see it: the profile and its state, never the password hash. */
export function presentStaffAccount(staff: StaffProfile) {
  return {
    ...presentStaff(staff),
    disabled: staff.disabledAt !== null,
    lockedUntil: staff.lockedUntil?.toISOString() ?? null,
    failedLogins: staff.failedLogins,
    createdAt: staff.createdAt.toISOString(),
  };
}
