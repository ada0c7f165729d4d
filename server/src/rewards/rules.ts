/**
 * Reward rules: one versioned document per city (amounts in integer 分), and the pure arithmetic
 * of what a case earns and how the caps and the monthly pool cut it.
 */
import Joi from 'joi';

export interface RewardRules {
  /** Paid to the first valid reporter of every case that reaches 立案. */
  baseFen: number;
  /** A different base for some categories (category code → 分). */
  categoryBaseFen: Record<string, number>;
  /** Extra for the first report of these categories, e.g. E0101 私搭乱建 (category code → 分). */
  firstReportBonusFen: Record<string, number>;
  /**
   * Paid to the primary reporter once they confirm the fix by rating the case after 结案
   * (whatever the rating: paying for praise would bend the 满意度 indicator). 0: none.
   */
  confirmationBonusFen: number;
  /** Most one citizen earns per day and per month (Beijing time); null: no cap. */
  dailyCapFen: number | null;
  monthlyCapFen: number | null;
  /** All rewards of a month together; once spent, later credits earn nothing. Null: no pool. */
  monthlyPoolFen: number | null;
  /** Report sources that earn nothing, e.g. hotline reports in a city that pays app reports only. */
  excludedSources: Array<'miniapp' | 'hotline'>;
}

const fen = Joi.number().integer().min(0).max(100_000_000);
const categoryAmounts = Joi.object().pattern(/^[CE]\d{4}$/, fen.required()).default({});

export const rewardRulesSchema = Joi.object<RewardRules>({
  baseFen: fen.required(),
  categoryBaseFen: categoryAmounts,
  firstReportBonusFen: categoryAmounts,
  confirmationBonusFen: fen.default(0),
  dailyCapFen: fen.allow(null).default(null),
  monthlyCapFen: fen.allow(null).default(null),
  monthlyPoolFen: fen.allow(null).default(null),
  excludedSources: Joi.array().items(Joi.string().valid('miniapp', 'hotline')).unique().default([]),
});

export type RuleCode = 'base' | 'first_report_bonus' | 'confirmation_bonus';

export interface Credit {
  ruleCode: RuleCode;
  amountFen: number;
}

/** What the primary reporter of a registered case of this category is owed, rule by rule, before caps. */
export function creditsFor(rules: RewardRules, categoryCode: string): Credit[] {
  const credits: Credit[] = [
    { ruleCode: 'base', amountFen: rules.categoryBaseFen[categoryCode] ?? rules.baseFen },
  ];
  const bonus = rules.firstReportBonusFen[categoryCode];
  if (bonus) credits.push({ ruleCode: 'first_report_bonus', amountFen: bonus });
  return credits.filter((credit) => credit.amountFen > 0);
}

/** What the primary reporter is owed for confirming the fix, before caps. */
export function confirmationCreditsFor(rules: RewardRules): Credit[] {
  return rules.confirmationBonusFen > 0 ? [{ ruleCode: 'confirmation_bonus', amountFen: rules.confirmationBonusFen }] : [];
}

export type CapName = 'daily_cap' | 'monthly_cap' | 'pool';

/** What is left under each limit (null: unlimited). */
export type Headroom = Record<CapName, number | null>;

/**
 * Grants as much of a credit as every limit allows. `cappedBy` names the limit that cut the most,
 * so the citizen can be told why a reward was smaller than the rule says.
 */
export function grantWithin(requestedFen: number, headroom: Headroom): { amountFen: number; cappedBy: CapName | null; cappedFen: number } {
  let amountFen = requestedFen;
  let cappedBy: CapName | null = null;
  for (const cap of ['daily_cap', 'monthly_cap', 'pool'] as const) {
    const left = headroom[cap];
    if (left !== null && Math.max(left, 0) < amountFen) {
      amountFen = Math.max(left, 0);
      cappedBy = cap;
    }
  }
  return { amountFen, cappedBy, cappedFen: requestedFen - amountFen };
}

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** `YYYY-MM-DD HH:mm:ss` in Beijing time, for spreadsheets staff read. */
export function beijingDateTime(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** The Beijing calendar day holding `at`, as [start, end). */
export function beijingDay(at: Date): { start: Date; end: Date } {
  const local = new Date(at.getTime() + BEIJING_OFFSET_MS);
  const start = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - BEIJING_OFFSET_MS;
  return { start: new Date(start), end: new Date(start + 24 * 3600_000) };
}

/** The Beijing calendar month holding `at`, as [start, end) and `YYYY-MM`. */
export function beijingMonth(at: Date): { start: Date; end: Date; month: string } {
  const local = new Date(at.getTime() + BEIJING_OFFSET_MS);
  return monthRange(`${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`);
}

/** `YYYY-MM` as the instants its Beijing month starts and ends. */
export function monthRange(month: string): { start: Date; end: Date; month: string } {
  const [year, monthNumber] = month.split('-').map(Number);
  return {
    start: new Date(Date.UTC(year, monthNumber - 1, 1) - BEIJING_OFFSET_MS),
    end: new Date(Date.UTC(year, monthNumber, 1) - BEIJING_OFFSET_MS),
    month,
  };
}

/** The month before the Beijing month holding `at`, as `YYYY-MM`: what the 1st's settlement pays. */
export function previousMonth(at: Date): string {
  const { start } = beijingMonth(at);
  return beijingMonth(new Date(start.getTime() - 1)).month;
}
