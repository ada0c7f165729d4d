import type { Trx } from '../db/database.js';
import { beijingDay, beijingMonth, creditsFor, grantWithin, type Headroom, type RewardRules } from './rules.js';
import {
  creditedRuleCodes,
  earnedBetween,
  findExclusion,
  findRewardableCase,
  insertCredit,
  lockCitizenRewards,
  lockMonthPool,
  ruleVersionAt,
} from './queries.js';

interface Props {
  caseId: number;
  /** When the case was registered (立案): the rule version, caps and settlement month count by it. */
  registeredAt: Date;
  eventId: number;
  now: Date;
}

/**
 * Credits the first valid reporter of a case that reached 立案, once per rule of the version in
 * force: idempotent, since a rule already credited for (case, citizen) is skipped and the unique
 * index refuses a second. Nothing for a case voided or rejected meanwhile, an excluded citizen or
 * source, or a case without rules in force. A credit the caps or pool cut is still written
 * (possibly 0 分), naming the cap, so the decision is made once and the citizen sees why.
 */
export async function creditCaseReward(trx: Trx, { caseId, registeredAt, eventId, now }: Props): Promise<void> {
  const found = await findRewardableCase(trx, caseId);
  if (!found || found.status === 'voided' || found.status === 'rejected') return;
  await lockCitizenRewards(trx, found.citizenId);
  const version = await ruleVersionAt(trx, registeredAt);
  if (!version || version.rules.excludedSources.includes(found.source)) return;
  if (await findExclusion(trx, found.citizenId)) return;
  const done = await creditedRuleCodes(trx, caseId, found.citizenId);
  const owed = creditsFor(version.rules, found.categoryCode).filter((credit) => !done.includes(credit.ruleCode));
  if (owed.length === 0) return;
  const headroom = await headroomOf(trx, version.rules, found.citizenId, registeredAt);
  for (const credit of owed) {
    const granted = grantWithin(credit.amountFen, headroom);
    for (const cap of Object.keys(headroom) as Array<keyof Headroom>) {
      if (headroom[cap] !== null) headroom[cap]! -= granted.amountFen;
    }
    await insertCredit(trx, {
      citizenId: found.citizenId,
      amountFen: granted.amountFen,
      kind: 'credit',
      cause: 'case.registered',
      caseId,
      ruleCode: credit.ruleCode,
      ruleVersionId: version.id,
      cappedBy: granted.cappedBy,
      cappedFen: granted.cappedFen,
      eventId,
      streetCode: found.streetCode,
      categoryCode: found.categoryCode,
      earnedAt: registeredAt,
      createdAt: now,
    });
  }
}

/** What the citizen's day and month caps and the month's pool still allow, under their locks. */
async function headroomOf(trx: Trx, rules: RewardRules, citizenId: number, at: Date): Promise<Headroom> {
  const day = beijingDay(at);
  const month = beijingMonth(at);
  const left = async (cap: number | null, who: number | null, start: Date, end: Date) =>
    cap === null ? null : cap - (await earnedBetween(trx, who, start, end));
  if (rules.monthlyPoolFen !== null) await lockMonthPool(trx, month.month);
  return {
    daily_cap: await left(rules.dailyCapFen, citizenId, day.start, day.end),
    monthly_cap: await left(rules.monthlyCapFen, citizenId, month.start, month.end),
    pool: await left(rules.monthlyPoolFen, null, month.start, month.end),
  };
}
