import Joi from 'joi';
import { newPasswordSchema } from '../auth/passwords.js';
import type { StaffRole } from '../db/schema.js';
import { pageKeys, type PageRequest } from '../http/paging.js';

/** A Record, so a role added to schema.ts does not compile until it is listed here too. */
const ROLES: Record<StaffRole, true> = {
  reviewer: true,
  dispatcher: true,
  department: true,
  verifier: true,
  supervisor: true,
  agent: true,
  finance: true,
  admin: true,
};
export const STAFF_ROLES = Object.keys(ROLES) as StaffRole[];

export const staffLoginBody = Joi.object<{ username: string; password: string }>({
  // Usernames are stored in lower case; a login typed with capitals still finds its account.
  username: Joi.string().trim().lowercase().min(1).max(64).required(),
  // Bounded so nobody makes argon2 hash megabytes.
  password: Joi.string().min(1).max(256).required(),
});

const username = Joi.string()
  .trim()
  .lowercase()
  .pattern(/^[a-z0-9][a-z0-9._-]{1,39}$/)
  .messages({ 'string.pattern.base': 'username must be 2 to 40 of a-z 0-9 . _ - and start with a letter or digit' });
const name = Joi.string().trim().min(1).max(60);
const roles = Joi.array().items(Joi.string().valid(...STAFF_ROLES)).min(1).unique();
const departmentCode = Joi.string().trim().max(40).allow(null);
/** FreeSWITCH's names: a directory user (`1000`) or a mod_callcenter agent (`1002@default`). */
const sipExtension = Joi.string()
  .trim()
  .max(32)
  .pattern(/^(?:[0-9]+|[A-Za-z0-9._-]+@[A-Za-z0-9._-]+)$/)
  .allow(null)
  .messages({ 'string.pattern.base': 'sipExtension must be digits (a FreeSWITCH user such as 1000) or an agent name@queue such as 1002@default' });

export interface CreateStaffInput {
  username: string;
  name: string;
  password: string;
  roles: StaffRole[];
  departmentCode?: string | null;
  /** The agent's FreeSWITCH extension; calls they answer pop on their desk only. */
  sipExtension?: string | null;
}

export const createStaffBody = Joi.object<CreateStaffInput>({
  username: username.required(),
  name: name.required(),
  password: newPasswordSchema.required(),
  roles: roles.required(),
  departmentCode,
  sipExtension,
});

export interface UpdateStaffInput {
  name?: string;
  roles?: StaffRole[];
  /** null takes the account out of its department. */
  departmentCode?: string | null;
  /** null takes the extension away: the account then sees every active call. */
  sipExtension?: string | null;
  disabled?: boolean;
  password?: string;
}

export const updateStaffBody = Joi.object<UpdateStaffInput>({
  name,
  roles,
  departmentCode,
  sipExtension,
  disabled: Joi.boolean(),
  password: newPasswordSchema,
})
  .min(1)
  .messages({ 'object.min': 'send at least one of name, roles, departmentCode, sipExtension, disabled, password' });

export const staffIdParams = Joi.object<{ id: number }>({
  id: Joi.number().integer().min(1).max(Number.MAX_SAFE_INTEGER).required(),
});

export interface StaffListQuery extends PageRequest {
  role?: StaffRole;
  department?: string;
  username?: string;
}

export const staffListQuery = Joi.object<StaffListQuery>({
  role: Joi.string().valid(...STAFF_ROLES),
  department: Joi.string().max(40),
  /** A prefix of usernames. */
  username: Joi.string().lowercase().max(40),
  ...pageKeys,
});
