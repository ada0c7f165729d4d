/**
 * Which events become subscribe messages and what they say. The templates chosen in the mini
 * program's admin console must have these keywords (WeChat checks each value's type):
 * - progress 案件进度通知: character_string1 案件编号, thing2 问题类型, phrase3 处理状态, time4 更新时间, thing5 备注
 * - closed 案件办结通知: character_string1 案件编号, thing2 问题类型, time3 办结时间, thing4 温馨提示
 * - reward 奖励到账通知: character_string1 案件编号, amount2 奖励金额, thing3 说明
 * A citizen has few credits (one per acceptance), so only the steps that matter to them spend one:
 * 受理, 处置 and the centre's own moves do not.
 */
import type { SubscribePurpose } from '../config/config.js';

/** Case event → the template it uses and the status it reads as (phrase: at most 5 汉字). */
export const CASE_NOTICES: Readonly<Record<string, { purpose: Exclude<SubscribePurpose, 'reward'>; phrase: string }>> = {
  'case.registered': { purpose: 'progress', phrase: '已立案' },
  'case.rejected': { purpose: 'progress', phrase: '不予立案' },
  'case.dispatched': { purpose: 'progress', phrase: '处置中' },
  'case.hung': { purpose: 'progress', phrase: '挂账' },
  'case.voided': { purpose: 'progress', phrase: '已作废' },
  'case.closed': { purpose: 'closed', phrase: '已结案' },
};

/** A 立案 may also earn the first reporter a reward (written by the reward processor before). */
export const REWARD_NOTICE_TOPIC = 'case.registered';

type MessageData = Record<string, { value: string }>;

/** WeChat's limits per value type, in characters. */
const LIMITS = { thing: 20, phrase: 5, character_string: 32 } as const;

/** Cuts a value to its type's limit (a longer one makes WeChat refuse the whole message). */
export function fitField(type: keyof typeof LIMITS, text: string): string {
  const chars = Array.from(text.trim());
  if (chars.length <= LIMITS[type]) return chars.join('');
  return type === 'thing' ? chars.slice(0, LIMITS.thing - 1).join('') + '…' : chars.slice(0, LIMITS[type]).join('');
}

/** WeChat's `time` value: Beijing time, to the minute. */
function beijingTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export interface CaseNoticeFacts {
  caseId: number;
  categoryName: string;
  at: Date;
  /** The reason written for the citizen (不予立案, 作废), when there is one. */
  publicReason: string | null;
}

export function caseNoticeData(topic: string, facts: CaseNoticeFacts): MessageData {
  const notice = CASE_NOTICES[topic];
  const caseNumber = { value: fitField('character_string', String(facts.caseId)) };
  const category = { value: fitField('thing', facts.categoryName) };
  if (notice.purpose === 'closed') {
    return { character_string1: caseNumber, thing2: category, time3: { value: beijingTime(facts.at) }, thing4: { value: fitField('thing', '问题已处理，欢迎您评价') } };
  }
  return {
    character_string1: caseNumber,
    thing2: category,
    phrase3: { value: fitField('phrase', notice.phrase) },
    time4: { value: beijingTime(facts.at) },
    thing5: { value: fitField('thing', facts.publicReason || '点击查看处理进度') },
  };
}

export function rewardNoticeData(caseId: number, amountFen: number): MessageData {
  return {
    character_string1: { value: fitField('character_string', String(caseId)) },
    amount2: { value: `${Math.floor(amountFen / 100)}.${String(amountFen % 100).padStart(2, '0')}元` },
    thing3: { value: fitField('thing', '有效举报奖励，已计入余额') },
  };
}
