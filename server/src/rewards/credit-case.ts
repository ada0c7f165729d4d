import type { Trx } from '../db/database.js';
import { beijingDay, beijingMonth, confirmationCreditsFor, creditsFor, grantWithin, type Credit, type Headroom, type RewardRules } from './rules.js';
import {
  creditedRuleCodes,
  earnedBetween,
  findExclusion,
  findRewardableCase,
  insertCredit,
  lockCitizenRewards,
  lockMonthPool,
  ruleVersionAt,
  type RewardableCase,
  type RuleVersion,
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
 * index refuses a second. Nothing for a case voided or rejected meanwhile, a reporter who may not
 * earn (see `mayEarn`), or a case without rules in force. A credit the caps or pool cut is still
 * written (possibly 0 分), naming the cap, so the decision is made once and the citizen sees why.
 */
export async function creditCaseReward(trx: Trx, { caseId, registeredAt, eventId, now }: Props): Promise<void> {
  const found = await findRewardableCase(trx, caseId);
  if (!found || found.status === 'voided' || found.status === 'rejected') return;
  await lockCitizenRewards(trx, found.citizenId);
  const version = await ruleVersionAt(trx, registeredAt);
  if (!version || !(await mayEarn(trx, version.rules, found))) return;
  const credits = creditsFor(version.rules, found.categoryCode);
  await creditWithinLimits(trx, { caseId, found, version, credits, cause: 'case.registered', earnedAt: registeredAt, eventId, now });
}

/**
 * Credits the confirmation bonus when a citizen rated the closed case (`case.rated`), under the
 * rule version in force at the rating. Only the case's primary reporter earns it: like the base
 * reward it pays for finding the problem, and a follower or a later duplicate reporter (who earn
 * nothing for the case itself) could otherwise farm bonuses by following and rating cases. The
 * primary report is always of kind 'report': a 关注 (follow) is never primary.
 */
export async function creditConfirmation(trx: Trx, { caseId, citizenId, ratedAt, eventId, now }: { caseId: number; citizenId: number; ratedAt: Date; eventId: number; now: Date }): Promise<void> {
  const found = await findRewardableCase(trx, caseId);
  if (!found || found.citizenId !== citizenId || found.status === 'voided' || found.status === 'rejected') return;
  await lockCitizenRewards(trx, found.citizenId);
  const version = await ruleVersionAt(trx, ratedAt);
  if (!version || !(await mayEarn(trx, version.rules, found))) return;
  const credits = confirmationCreditsFor(version.rules);
  await creditWithinLimits(trx, { caseId, found, version, credits, cause: 'case.rated', earnedAt: ratedAt, eventId, now });
}

/**
 * Who earns nothing: anonymous reporters (DOMAIN §5: anonymous reports are not paid; with no
 * openid and no phone number there is nobody to pay), reports from a source the rules exclude,
 * and citizens excluded by an administrator (staff, collectors, abuse).
 */
async function mayEarn(trx: Trx, rules: RewardRules, found: RewardableCase): Promise<boolean> {
  if (found.anonymous || rules.excludedSources.includes(found.source)) return false;
  return !(await findExclusion(trx, found.citizenId));
}

interface Crediting {
  caseId: number;
  found: RewardableCase;
  version: RuleVersion;
  credits: Credit[];
  cause: string;
  earnedAt: Date;
  eventId: number;
  now: Date;
}

/** Writes the credits not yet written for (case, citizen), each cut to what the caps and pool leave. */
async function creditWithinLimits(trx: Trx, { caseId, found, version, credits, cause, earnedAt, eventId, now }: Crediting): Promise<void> {
  const done = await creditedRuleCodes(trx, caseId, found.citizenId);
  const owed = credits.filter((credit) => !done.includes(credit.ruleCode));
  if (owed.length === 0) return;
  const headroom = await headroomOf(trx, version.rules, found.citizenId, earnedAt);
  for (const credit of owed) {
    const granted = grantWithin(credit.amountFen, headroom);
    for (const cap of Object.keys(headroom) as Array<keyof Headroom>) {
      if (headroom[cap] !== null) headroom[cap]! -= granted.amountFen;
    }
    await insertCredit(trx, {
      citizenId: found.citizenId,
      amountFen: granted.amountFen,
      kind: 'credit',
      cause,
      caseId,
      ruleCode: credit.ruleCode,
      ruleVersionId: version.id,
      cappedBy: granted.cappedBy,
      cappedFen: granted.cappedFen,
      eventId,
      streetCode: found.streetCode,
      categoryCode: found.categoryCode,
      earnedAt,
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
