/**
 * The citizen's session: a bearer token from `POST /auth/wechat`, kept in storage so a relaunch
 * does not log in again, and renewed silently (a new code, the same call) when the server says
 * it has expired. In weapp the code comes from `Taro.login`; the H5 build has no WeChat, so in
 * the server's demo mode the citizen types a demo name and the code is `demo-<name>`.
 */
import Taro from '@tarojs/taro';
import { api } from '../api/client';
import { ApiError } from '../api/errors';
import type { Citizen, LoginResponse } from '../api/contract';

const TOKEN_KEY = 'session.token';
const CITIZEN_KEY = 'session.citizen';
const DEMO_NAME_KEY = 'session.demoName';
export const SESSION_CHANGED = 'session:changed';

let pendingLogin: Promise<string> | null = null;

export function currentToken(): string | null {
  return Taro.getStorageSync<string>(TOKEN_KEY) || null;
}

export function currentCitizen(): Citizen | null {
  return Taro.getStorageSync<Citizen>(CITIZEN_KEY) || null;
}

/** Whether a login can happen without asking the citizen (always in weapp; in H5 once a demo name was given). */
export function canLogInSilently(): boolean {
  return process.env.TARO_ENV === 'weapp' || Boolean(Taro.getStorageSync<string>(DEMO_NAME_KEY));
}

async function loginCode(): Promise<string> {
  if (process.env.TARO_ENV === 'weapp') {
    const { code } = await Taro.login();
    return code;
  }
  const name = Taro.getStorageSync<string>(DEMO_NAME_KEY);
  if (!name) throw new ApiError(401, 'auth.unauthenticated', 'no demo name yet');
  return `demo-${name}`;
}

async function logIn(): Promise<string> {
  const { token, citizen } = await api<LoginResponse>('POST', '/auth/wechat', { body: { code: await loginCode() }, auth: false });
  Taro.setStorageSync(TOKEN_KEY, token);
  Taro.setStorageSync(CITIZEN_KEY, citizen);
  Taro.eventCenter.trigger(SESSION_CHANGED, citizen);
  return token;
}

/** Logs in again (once, however many calls ask at the same time) and resolves with the new token. */
export function refreshSession(): Promise<string> {
  pendingLogin ??= logIn().finally(() => {
    pendingLogin = null;
  });
  return pendingLogin;
}

/** H5 demo mode: remembers the demo name (for silent renewals) and logs in with it. */
export async function demoLogIn(name: string): Promise<Citizen> {
  Taro.setStorageSync(DEMO_NAME_KEY, name);
  try {
    await refreshSession();
  } catch (error) {
    Taro.removeStorageSync(DEMO_NAME_KEY);
    throw error;
  }
  return currentCitizen()!;
}

/** H5: forgets the demo citizen so another can log in on this browser. */
export function logOut(): void {
  for (const key of [TOKEN_KEY, CITIZEN_KEY, DEMO_NAME_KEY]) Taro.removeStorageSync(key);
  Taro.eventCenter.trigger(SESSION_CHANGED, null);
}
