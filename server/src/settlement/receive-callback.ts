import { AppError } from '../errors/app-error.js';
import type { Services } from '../services.js';
import { applyBillState } from './bill-state.js';
import { finishBatchIfDone } from './queries.js';
import { SignatureError, type SignedHeaders } from './wechat-pay/signing.js';
import type { BillState } from '../db/schema.js';

interface Notification {
  id: string;
  event_type: string;
  resource?: { ciphertext: string; associated_data?: string; nonce: string };
}

interface FinishedBill {
  mch_id: string;
  out_bill_no: string;
  transfer_bill_no?: string;
  state: BillState;
  transfer_amount?: number;
  fail_reason?: string;
}

/**
 * A `MCHTRANSFER.BILL.FINISHED` callback: verified against WeChat Pay's key, decrypted with the
 * APIv3 key, and applied like any answer, so a duplicate or a late one changes nothing. It does
 * one short transaction, well within the 5 s WeChat Pay waits.
 */
export async function receiveBillCallback(services: Services, { headers, body }: { headers: SignedHeaders; body: string }): Promise<void> {
  const pay = services.wechatPay;
  const config = services.config.wechatPay;
  if (!pay || !config) throw AppError.notFound('wechatpay.not_configured', 'WeChat Pay is not configured');
  try {
    pay.signing.verify(headers, body);
  } catch (error) {
    if (error instanceof SignatureError) throw new AppError(401, 'wechatpay.bad_signature', error.message);
    throw error;
  }
  const notification = parse<Notification>(body);
  if (notification.event_type !== 'MCHTRANSFER.BILL.FINISHED' || !notification.resource) return;
  let bill: FinishedBill;
  try {
    bill = pay.signing.decrypt<FinishedBill>(notification.resource);
  } catch {
    throw AppError.badRequest('wechatpay.undecryptable', 'the callback resource does not decrypt with our APIv3 key');
  }
  if (bill.mch_id !== config.mchId) throw AppError.badRequest('wechatpay.wrong_merchant', `callback for merchant ${bill.mch_id}`);
  const answer = {
    outBillNo: bill.out_bill_no,
    transferBillNo: bill.transfer_bill_no ?? null,
    state: bill.state,
    packageInfo: null,
    failReason: bill.fail_reason ?? null,
    amountFen: bill.transfer_amount ?? null,
  };
  const touched = await services.db.transaction().execute((trx) => applyBillState(trx, answer, services.clock.now()));
  if (touched) await finishBatchIfDone(services.db, touched.batchId);
}

function parse<T>(body: string): T {
  try {
    return JSON.parse(body) as T;
  } catch {
    throw AppError.badRequest('wechatpay.invalid_json', 'callback body is not JSON');
  }
}
