import type { Db } from '../db/database.js';
import type { StaffRole } from '../db/schema.js';
import { hashPassword } from '../auth/passwords.js';
import { listDepartments } from '../taxonomy/queries.js';

/** The password of every demo account; printed by `npm start` in demo mode. */
export const DEMO_STAFF_PASSWORD = 'Demo@12319';

/**
 * One account per centre role, named for its role. The agent takes calls on extension 1000, the
 * telephony service's default target (`user/1000`), so the demo's calls pop on their desk.
 */
const ROLE_ACCOUNTS: Array<{ role: Exclude<StaffRole, 'department'>; name: string; sipExtension?: string }> = [
  { role: 'reviewer', name: '受理员 王敏' },
  { role: 'dispatcher', name: '派遣员 李强' },
  { role: 'verifier', name: '核查员 张伟' },
  { role: 'supervisor', name: '值班长 陈静' },
  { role: 'agent', name: '话务员 刘洋', sipExtension: '1000' },
  { role: 'finance', name: '财务 赵丽' },
  { role: 'admin', name: '系统管理员 孙磊' },
];

export const DEMO_ROLE_USERNAMES = ROLE_ACCOUNTS.map((account) => account.role);

/** The demo handler of a unit: `dept-cg-huanwei` for 环卫科. */
export function demoDepartmentUsername(departmentCode: string): string {
  return `dept-${departmentCode}`;
}

/**
 * Demo accounts for every role, and a `department` handler per unit in the taxonomy. Idempotent:
 * accounts that exist are left as they are, a password changed since included. The password is
 * hashed once for all of them, since argon2 is slow on purpose.
 */
export async function seedDemoStaff(db: Db, now: Date): Promise<void> {
  const passwordHash = await hashPassword(DEMO_STAFF_PASSWORD);
  const departments = await listDepartments(db);
  const accounts = [
    ...ROLE_ACCOUNTS.map(({ role, name, sipExtension }) => ({ username: role, name, roles: [role], departmentCode: null, sipExtension: sipExtension ?? null })),
    ...departments.map((department) => ({
      username: demoDepartmentUsername(department.code),
      name: `${department.name} 处置员`,
      roles: ['department' as const],
      departmentCode: department.code,
      sipExtension: null,
    })),
  ];
  await db
    .insertInto('staff')
    .values(accounts.map((account) => ({ ...account, passwordHash, createdAt: now })))
    .onConflict((conflict) => conflict.column('username').doNothing())
    .execute();
}
