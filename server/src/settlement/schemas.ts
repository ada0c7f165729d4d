import Joi from 'joi';
import { pageKeys, type PageRequest } from '../http/paging.js';
import type { BillState } from '../db/schema.js';
import type { LineFilter } from './queries.js';

const id = Joi.number().integer().min(1).max(Number.MAX_SAFE_INTEGER).required();

export const batchIdParams = Joi.object<{ id: number }>({ id });
export const lineParams = Joi.object<{ id: number; lineId: number }>({ id, lineId: id });

/** A Beijing month, `YYYY-MM`. */
export const monthField = Joi.string()
  .pattern(/^\d{4}-(0[1-9]|1[0-2])$/)
  .messages({ 'string.pattern.base': 'month must look like 2025-09' });

export const createBatchBody = Joi.object<{ month: string }>({ month: monthField.required() });

const lineFilterKeys = {
  citizenId: Joi.number().integer().min(1).max(Number.MAX_SAFE_INTEGER),
  status: Joi.string().valid('pending', 'excluded', 'paying', 'paid', 'failed'),
  channel: Joi.string().valid('wechat_transfer', 'phone_credit', 'manual'),
  streetCode: Joi.string().max(20),
  minAmountFen: Joi.number().integer().min(0),
  minRewards: Joi.number().integer().min(0),
};

export const lineFilterQuery = Joi.object<LineFilter>(lineFilterKeys);
export const linesQuery = Joi.object<LineFilter & PageRequest>({ ...lineFilterKeys, ...pageKeys });

export const batchDetailQuery = Joi.object<{ outlierMinRewards: number; outlierMinDeviceReports: number }>({
  /** Lines with at least this many rewards in the month are listed as outliers. */
  outlierMinRewards: Joi.number().integer().min(1).default(20),
  /** Devices with at least this many reports in the month are listed (as are devices of several payees). */
  outlierMinDeviceReports: Joi.number().integer().min(1).default(30),
});

/** Why a line is excluded or a batch sent back. */
export const reasonBody = Joi.object<{ reason: string }>({ reason: Joi.string().trim().min(2).max(200).required() });
export const manualPaymentBody = Joi.object<{ voucherNo: string }>({ voucherNo: Joi.string().trim().min(1).max(64).required() });

export const billsQuery = Joi.object<{ state?: BillState } & PageRequest>({
  state: Joi.string().valid('CREATING', 'ACCEPTED', 'PROCESSING', 'WAIT_USER_CONFIRM', 'TRANSFERING', 'SUCCESS', 'FAIL', 'CANCELING', 'CANCELLED'),
  ...pageKeys,
});
