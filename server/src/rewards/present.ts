import { maskOpenid } from '../users/present.js';
import type { ExclusionRow, LedgerEntry, RuleVersion } from './queries.js';
import type { PendingTransferRow } from '../settlement/citizen-queries.js';
import type { WeChatPayConfig } from '../config/config.js';

export function presentLedgerEntry(entry: LedgerEntry) {
  return {
    id: entry.id,
    kind: entry.kind,
    amountFen: entry.amountFen,
    cause: entry.cause,
    caseId: entry.caseId,
    rule: entry.ruleCode ? { code: entry.ruleCode, versionId: entry.ruleVersionId } : null,
    cappedBy: entry.cappedBy,
    cappedFen: entry.cappedFen,
    reversesEntryId: entry.reversesEntryId,
    payoutLineId: entry.payoutLineId,
    at: entry.earnedAt.toISOString(),
  };
}

export function presentRuleVersion(version: RuleVersion) {
  return {
    id: version.id,
    effectiveFrom: version.effectiveFrom.toISOString(),
    rules: version.rules,
    note: version.note,
    createdBy: version.createdBy,
    createdAt: version.createdAt.toISOString(),
  };
}

/** An excluded citizen as administrators see them: the openid masked. */
export function presentExclusion(exclusion: ExclusionRow) {
  return {
    citizenId: exclusion.citizenId,
    openid: maskOpenid(exclusion.openid),
    nickname: exclusion.nickname,
    kind: exclusion.kind,
    reason: exclusion.reason,
    createdByName: exclusion.createdByName,
    createdAt: exclusion.createdAt.toISOString(),
  };
}

/** WeChat Pay cancels a transfer the citizen has not confirmed within 24 hours of the bill. */
const CONFIRM_WITHIN_MS = 24 * 3600_000;

/** A bill waiting for 领取: what `wx.requestMerchantTransfer` takes, and until when. */
export function presentPendingTransfer(bill: PendingTransferRow, pay: Pick<WeChatPayConfig, 'mchId' | 'appId'>) {
  return {
    outBillNo: bill.outBillNo,
    amountFen: bill.amountFen,
    mchId: pay.mchId,
    appId: pay.appId,
    package: bill.packageInfo,
    expiresAt: new Date(bill.createdAt.getTime() + CONFIRM_WITHIN_MS).toISOString(),
  };
}
