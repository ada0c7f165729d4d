/**
 * Consent before collecting anything (PIPL; WeChat's privacy-authorization flow). weapp: with
 * `__usePrivacyCheck__` WeChat asks us, through `onNeedPrivacyAuthorization`, to show our notice
 * when a page first calls a declared API (location, photos); the citizen's tap on a button with
 * `open-type="agreePrivacyAuthorization"` answers it. H5 has no such flow: the notice shows on
 * first launch and the answer is kept in storage.
 */
import Taro from '@tarojs/taro';

export const PRIVACY_NEEDED = 'privacy:needed';
export const PRIVACY_AGREED = 'privacy:agreed';
const H5_CONSENT_KEY = 'privacy.agreedAt';
export const AGREE_BUTTON_ID = 'agree-privacy';

type Resolve = (result: { event: 'agree' | 'disagree'; buttonId?: string }) => void;
let pendingResolve: Resolve | null = null;

/** weapp, at launch: WeChat calls back whenever consent is needed; the open page's sheet shows. */
export function listenForPrivacyRequests(): void {
  if (process.env.TARO_ENV !== 'weapp' || !Taro.onNeedPrivacyAuthorization) return;
  Taro.onNeedPrivacyAuthorization((resolve) => {
    pendingResolve = resolve as Resolve;
    Taro.eventCenter.trigger(PRIVACY_NEEDED);
  });
}

/** Whether the sheet must show now without being asked (H5's first launch). */
export function needsH5Consent(): boolean {
  return process.env.TARO_ENV === 'h5' && !Taro.getStorageSync(H5_CONSENT_KEY);
}

export function agree(): void {
  if (process.env.TARO_ENV === 'h5') Taro.setStorageSync(H5_CONSENT_KEY, new Date().toISOString());
  pendingResolve?.({ event: 'agree', buttonId: AGREE_BUTTON_ID });
  pendingResolve = null;
  Taro.eventCenter.trigger(PRIVACY_AGREED);
}

export function disagree(): void {
  pendingResolve?.({ event: 'disagree' });
  pendingResolve = null;
}
