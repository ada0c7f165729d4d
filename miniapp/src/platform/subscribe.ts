/**
 * Subscribe messages: WeChat lets a mini program send one message per template per acceptance,
 * so on each 提交 we ask for the progress templates and tell the server which were accepted
 * (it keeps a credit per citizen and template). H5 has no subscribe messages: nothing to ask.
 */
import Taro from '@tarojs/taro';
import { citizenApi, configNow } from '../api/citizen';
import type { SubscribeResult } from '../api/contract';
import { newIdempotencyKey } from '../session/random-id';

const ANSWERS = new Set<SubscribeResult['result']>(['accept', 'reject', 'ban']);

/** WeChat shows at most three templates in one dialog. */
const MAX_TEMPLATES = 3;

/**
 * Must be called first thing in the tap handler of 提交: WeChat shows the dialog only for a tap,
 * so it cannot wait for anything (the config is loaded at launch). Never throws.
 */
export async function askForProgressMessages(): Promise<void> {
  const config = configNow();
  if (process.env.TARO_ENV !== 'weapp' || !config) return;
  try {
    const tmplIds = config.subscribeTemplates.slice(0, MAX_TEMPLATES).map((template) => template.id);
    if (tmplIds.length === 0) return;
    const answer = (await Taro.requestSubscribeMessage({ tmplIds, entityIds: [] })) as unknown as Record<string, string>;
    const results = tmplIds
      .filter((id) => ANSWERS.has(answer[id] as SubscribeResult['result']))
      .map((templateId) => ({ templateId, result: answer[templateId] as SubscribeResult['result'] }));
    if (results.length > 0) await citizenApi.saveSubscriptions(newIdempotencyKey(), results);
  } catch {
    // Declining, an old WeChat or no network must not stop the report itself.
  }
}
