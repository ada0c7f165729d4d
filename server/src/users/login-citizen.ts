import { createHash } from 'node:crypto';
import { issueToken } from '../auth/tokens.js';
import { AppError } from '../errors/app-error.js';
import type { Services } from '../services.js';
import type { WeChatClient, WeChatSession } from './wechat-client.js';
import { upsertCitizenByOpenid } from './queries.js';

const DEMO_CODE = /^demo-([\p{L}\p{N}_-]{1,32})$/u;

/** A stable fake openid per demo name, shaped like WeChat's (28 url-safe characters). */
export function demoOpenid(name: string): string {
  return 'demo' + createHash('sha256').update(name).digest('base64url').slice(0, 24);
}

interface Props {
  code: string;
}

/**
 * Logs a citizen in with the code from `wx.login`. Demo mode (never in production) also takes
 * `demo-<name>` codes so the demo city and browser tests work without WeChat.
 */
export async function loginCitizen(services: Services, wechat: WeChatClient, { code }: Props) {
  const session = await resolveSession(services, wechat, code);
  const citizen = await upsertCitizenByOpenid(services.db, session, services.clock.now());
  const token = issueToken(
    { kind: 'citizen', citizenId: citizen.id },
    services.config.tokenSecret,
    services.config.citizenTokenTtlSeconds,
    services.clock,
  );
  return { token, expiresIn: services.config.citizenTokenTtlSeconds, citizen };
}

async function resolveSession(services: Services, wechat: WeChatClient, code: string): Promise<WeChatSession> {
  const demo = DEMO_CODE.exec(code);
  if (services.config.demoMode && demo) return { openid: demoOpenid(demo[1]) };
  if (!services.config.wechat.appId) {
    throw new AppError(401, 'auth.wechat_code_invalid', 'demo mode accepts only demo-<name> codes (no WeChat app is configured)');
  }
  return wechat.codeToSession(code);
}
