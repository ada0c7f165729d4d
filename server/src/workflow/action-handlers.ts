import type { CaseAction } from '../auth/policies.js';
import type { ActionHandler } from './perform-action.js';
import { accept, register, reject, reportVerification, requestVerification } from './actions/registration.js';
import { dispatch, hang, returnCase, unhang, urge, voidCase } from './actions/dispatch.js';
import { approveExtension, denyExtension, requestExtension } from './actions/extension.js';
import { close, handle, rework } from './actions/handling.js';
import { merge, split } from './actions/merge-split.js';

/** The use case behind each action; the state machine and the policy table have already agreed. */
export const ACTION_HANDLERS: Record<CaseAction, ActionHandler> = {
  accept,
  request_verification: requestVerification,
  report_verification: reportVerification,
  register,
  reject,
  dispatch,
  return: returnCase,
  request_extension: requestExtension,
  approve_extension: approveExtension,
  deny_extension: denyExtension,
  hang,
  unhang,
  urge,
  supervise: urge,
  handle,
  close,
  rework,
  void: voidCase,
  merge,
  split,
};
