/**
 * The 商家转账 (transfer bills) API: create a bill, query it by out_bill_no, cancel it. Every
 * answer's signature is verified before it is believed. Calls are paced within the API's
 * frequency limit. Errors say whether the outcome is known: `unavailable`, `rate_limited` and
 * `bad_signature` leave it unknown (query later, never re-issue); `rejected` means WeChat Pay
 * refused the request and created nothing.
 */
import type { BillState } from '../../db/schema.js';
import type { WeChatPayConfig } from '../../config/config.js';
import { createSigning, signedHeaders, SignatureError, type WeChatPaySigning } from './signing.js';
import type { Pacer } from './pacer.js';

export interface BillAnswer {
  outBillNo: string;
  transferBillNo: string | null;
  state: BillState;
  packageInfo: string | null;
  failReason: string | null;
  amountFen: number | null;
}

export interface NewBill {
  outBillNo: string;
  openid: string;
  amountFen: number;
}

export interface TransferBillsClient {
  createBill(bill: NewBill): Promise<BillAnswer>;
  /** Null when WeChat Pay has no bill of that number. */
  queryBill(outBillNo: string): Promise<BillAnswer | null>;
  cancelBill(outBillNo: string): Promise<BillAnswer>;
  signing: WeChatPaySigning;
}

export type WeChatPayErrorKind = 'unavailable' | 'rate_limited' | 'bad_signature' | 'rejected';

export class WeChatPayError extends Error {
  constructor(
    readonly kind: WeChatPayErrorKind,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'WeChatPayError';
  }
}

const BILLS = '/v3/fund-app/mch-transfer/transfer-bills';

interface WireBill {
  out_bill_no: string;
  transfer_bill_no?: string;
  state: BillState;
  package_info?: string;
  fail_reason?: string;
  transfer_amount?: number;
}

function fromWire(bill: WireBill): BillAnswer {
  return {
    outBillNo: bill.out_bill_no,
    transferBillNo: bill.transfer_bill_no ?? null,
    state: bill.state,
    packageInfo: bill.package_info ?? null,
    failReason: bill.fail_reason ?? null,
    amountFen: bill.transfer_amount ?? null,
  };
}

export function createTransferBillsClient(config: WeChatPayConfig, pace: Pacer): TransferBillsClient {
  const signing = createSigning(config);

  async function call(method: 'GET' | 'POST', path: string, payload?: object): Promise<{ status: number; body: any }> {
    await pace();
    const body = payload ? JSON.stringify(payload) : '';
    let response: Response;
    let text: string;
    try {
      response = await fetch(config.baseUrl + path, {
        method,
        headers: {
          authorization: signing.authorization(method, path, body),
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
        body: payload ? body : undefined,
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new WeChatPayError('unavailable', `WeChat Pay did not answer ${method} ${path}: ${(error as Error).message}`);
    }
    if (response.status >= 500) throw new WeChatPayError('unavailable', `WeChat Pay answered ${response.status}`, codeOf(text));
    try {
      signing.verify(signedHeaders((name) => response.headers.get(name)), text);
    } catch (error) {
      if (error instanceof SignatureError) throw new WeChatPayError('bad_signature', `refused an answer to ${method} ${path}: ${error.message}`);
      throw error;
    }
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  }

  function refuse(status: number, body: any): never {
    const code = body?.code as string | undefined;
    if (status === 429 || code === 'FREQUENCY_LIMITED') throw new WeChatPayError('rate_limited', 'WeChat Pay: too many calls', code);
    if (code === 'SYSTEM_ERROR') throw new WeChatPayError('unavailable', `WeChat Pay: ${body.message ?? 'system error'}`, code);
    throw new WeChatPayError('rejected', `WeChat Pay refused (${status} ${code}): ${body?.message ?? ''}`, code);
  }

  const billPath = (outBillNo: string) => `${BILLS}/out-bill-no/${encodeURIComponent(outBillNo)}`;

  return {
    signing,
    async createBill(bill) {
      const { status, body } = await call('POST', BILLS, {
        appid: config.appId,
        out_bill_no: bill.outBillNo,
        transfer_scene_id: '1000',
        openid: bill.openid,
        transfer_amount: bill.amountFen,
        transfer_remark: config.activityName,
        notify_url: config.notifyUrl,
        user_recv_perception: '现金奖励',
        transfer_scene_report_infos: [
          { info_type: '活动名称', info_content: config.activityName },
          { info_type: '奖励说明', info_content: config.rewardDescription },
        ],
      });
      if (status !== 200) refuse(status, body);
      return fromWire(body);
    },
    async queryBill(outBillNo) {
      const { status, body } = await call('GET', billPath(outBillNo));
      if (status === 404 && body?.code === 'NOT_FOUND') return null;
      if (status !== 200) refuse(status, body);
      return fromWire(body);
    },
    async cancelBill(outBillNo) {
      const { status, body } = await call('POST', `${billPath(outBillNo)}/cancel`);
      if (status !== 200) refuse(status, body);
      return fromWire(body);
    },
  };
}

function codeOf(text: string): string | undefined {
  try {
    return JSON.parse(text)?.code;
  } catch {
    return undefined;
  }
}
