import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { citizenApi } from '../../api/citizen';
import type { LedgerKind, MyRewards, Payout, PayoutLineStatus, PayoutPreference as Preference, PendingTransfer, RewardRules } from '../../api/contract';
import { messageOf } from '../../api/errors';
import { Shell } from '../../components/shell';
import { beijingTime, yuan } from '../../format/format';
import { CHANNEL_NAMES, PayoutPreference } from './payout-preference';
import { PendingTransfers } from './pending-transfers';
import './index.scss';

/** Why a ledger entry exists, in the citizen's words. */
const ENTRY_KINDS: Record<LedgerKind, string> = {
  credit: '有效上报奖励',
  reversal: '奖励撤销（案件作废或合并）',
  settlement: '月度结算',
  settlement_return: '结算退回',
};

/** A payout line's state as the citizen reads it; an excluded line's money went back to the balance. */
const PAYOUT_STATUS: Record<PayoutLineStatus, string> = {
  pending: '待发放',
  excluded: '暂缓发放，已退回余额',
  paying: '发放中',
  paid: '已到账',
  failed: '发放失败',
};

function payoutState(payout: Payout): string {
  if (payout.status === 'paid' && payout.paidAt) return `${PAYOUT_STATUS.paid} ${beijingTime(payout.paidAt)}`;
  return PAYOUT_STATUS[payout.status];
}

/** 我的奖励: the balance, transfers to 领取, payouts, what earned or took money, per month, the rules. */
export default function RewardsPage() {
  const [rewards, setRewards] = useState<MyRewards | null>(null);
  const [transfers, setTransfers] = useState<PendingTransfer[]>([]);
  const [preference, setPreference] = useState<Preference | null | undefined>(undefined);
  const [rules, setRules] = useState<RewardRules | null>(null);
  const [error, setError] = useState('');

  const load = async () => {
    try {
      const [mine, pending, chosen] = await Promise.all([citizenApi.myRewards(), citizenApi.pendingTransfers(), citizenApi.payoutPreference()]);
      setRewards(mine);
      setTransfers(pending);
      setPreference(chosen);
      setError('');
    } catch (failure) {
      setError(messageOf(failure));
    }
  };

  useDidShow(() => {
    void load();
    if (!rules) citizenApi.rewardRules().then(setRules, () => undefined);
  });
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  return (
    <Shell>
      <View className='card'>
        <View className='card-title'>奖励余额</View>
        <View className='balance'>{rewards ? yuan(rewards.balanceFen) : '–'}</View>
        <View className='muted'>有效上报（立案）后发放，每月结算一次。</View>
        {error && <View className='error-text'>{error}</View>}
      </View>
      {rewards && <PendingTransfers transfers={transfers} onSettled={() => void load()} />}
      {rewards && rewards.payouts.length > 0 && (
        <View className='card' id='payout-history'>
          <View className='card-title'>发放记录</View>
          {rewards.payouts.map((payout) => (
            <View key={payout.lineId} className='reward-row payout-item'>
              <View>
                <View>{payout.month} 结算 · {CHANNEL_NAMES[payout.channel]}</View>
                <View className={`muted payout-${payout.status}`}>{payoutState(payout)}</View>
              </View>
              <Text>{yuan(payout.amountFen)}</Text>
            </View>
          ))}
        </View>
      )}
      {preference !== undefined && <PayoutPreference current={preference} onSaved={setPreference} />}
      {rewards && rewards.statements.length > 0 && (
        <View className='card'>
          <View className='card-title'>按月汇总</View>
          {rewards.statements.map((statement) => (
            <View key={statement.month} className='reward-row'>
              <Text>{statement.month}</Text>
              <Text className='muted'>
                获得 {yuan(statement.earnedFen)}，撤销 {yuan(statement.reversedFen)}，结算 {yuan(statement.settledFen)}
              </Text>
            </View>
          ))}
        </View>
      )}
      <View className='card'>
        <View className='card-title'>奖励明细</View>
        {rewards?.entries.length === 0 && <View className='muted'>还没有奖励记录</View>}
        {rewards?.entries.map((entry) => (
          <View key={entry.id} className='reward-row'>
            <View>
              <View>{ENTRY_KINDS[entry.kind]}{entry.caseId ? `（案件 ${entry.caseId}）` : ''}</View>
              <View className='muted'>{beijingTime(entry.at)}</View>
            </View>
            <Text className={entry.amountFen >= 0 ? 'amount-plus' : 'amount-minus'}>{yuan(entry.amountFen)}</Text>
          </View>
        ))}
      </View>
      {rules && (
        <View className='card'>
          <View className='card-title'>奖励规则</View>
          <View>每件有效上报（首个上报且立案）奖励 {yuan(rules.version.rules.baseFen)}。</View>
          {Object.keys(rules.version.rules.firstReportBonusFen).length > 0 && <View>部分类别（如在建违法建设）的首报另有奖励。</View>}
          {rules.version.rules.confirmationBonusFen > 0 && <View>结案后对处置结果作出评价，首报人另得 {yuan(rules.version.rules.confirmationBonusFen)}。</View>}
          {rules.version.rules.dailyCapFen !== null && <View>每人每天最多 {yuan(rules.version.rules.dailyCapFen)}。</View>}
          {rules.version.rules.monthlyCapFen !== null && <View>每人每月最多 {yuan(rules.version.rules.monthlyCapFen)}。</View>}
          <View className='muted'>同一问题重复上报只计一次；匿名上报不予奖励；规则自 {beijingTime(rules.version.effectiveFrom)} 起施行。</View>
        </View>
      )}
    </Shell>
  );
}
