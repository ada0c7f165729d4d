/**
 * 领取: WeChat's own confirmation page for a 商家转账 bill waiting in WAIT_USER_CONFIRM. weapp:
 * `wx.requestMerchantTransfer` (Taro 4.2.1 neither types nor wraps it, so it is declared here);
 * H5 inside WeChat's browser: the `WeixinJSBridge` the browser injects. Anywhere else the
 * transfer cannot be confirmed, and the page says so.
 */
import type { PendingTransfer } from '../api/contract';

/** What became of the citizen's 领取. The money's final state comes later, from the server. */
export type TransferAnswer = 'confirmed' | 'cancelled' | 'failed' | 'unavailable';

type TransferParams = Pick<PendingTransfer, 'mchId' | 'appId' | 'package'>;

interface WeappCallbackResult {
  errMsg: string;
}

declare const wx:
  | {
      canIUse(api: string): boolean;
      requestMerchantTransfer(options: TransferParams & { success(result: WeappCallbackResult): void; fail(result: WeappCallbackResult): void }): void;
    }
  | undefined;

declare global {
  interface Window {
    /** WeChat's in-browser bridge; answers `{err_msg: 'requestMerchantTransfer:ok' | ':cancel' | ':fail …'}`. */
    WeixinJSBridge?: { invoke(api: string, params: TransferParams, callback: (result: { err_msg?: string }) => void): void };
  }
}

/** `requestMerchantTransfer:ok`, `…:fail cancel`, `…:cancel`, `…:fail <reason>` → an answer. */
function answerOf(message: string | undefined): TransferAnswer {
  if (!message) return 'failed';
  if (message.endsWith(':ok')) return 'confirmed';
  return /cancel/.test(message) ? 'cancelled' : 'failed';
}

/** Opens WeChat's confirmation for one bill; never throws. */
export function requestMerchantTransfer({ mchId, appId, package: packageInfo }: TransferParams): Promise<TransferAnswer> {
  const params = { mchId, appId, package: packageInfo };
  if (process.env.TARO_ENV === 'weapp') {
    if (typeof wx === 'undefined' || !wx.canIUse('requestMerchantTransfer')) return Promise.resolve('unavailable');
    return new Promise((resolve) =>
      wx!.requestMerchantTransfer({ ...params, success: (result) => resolve(answerOf(result.errMsg)), fail: (result) => resolve(answerOf(result.errMsg)) }),
    );
  }
  const bridge = window.WeixinJSBridge;
  if (!bridge) return Promise.resolve('unavailable');
  return new Promise((resolve) => bridge.invoke('requestMerchantTransfer', params, (result) => resolve(answerOf(result.err_msg))));
}
