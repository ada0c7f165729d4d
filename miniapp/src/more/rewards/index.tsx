import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { citizenApi } from '../../api/citizen';
import type { LedgerKind, MyRewards, RewardRules } from '../../api/contract';
import { messageOf } from '../../api/errors';
import { Shell } from '../../components/shell';
import { beijingTime, yuan } from '../../format/format';
import './index.scss';

/** Why a ledger entry exists, in the citizen's words. */
const ENTRY_KINDS: Record<LedgerKind, string> = {
  credit: '有效上报奖励',
  reversal: '奖励撤销（案件作废或合并）',
  settlement: '月度结算',
  settlement_return: '结算退回',
};

/** 我的奖励: the balance, what earned or took it, per month, and the rules in force. */
export default function RewardsPage() {
  const [rewards, setRewards] = useState<MyRewards | null>(null);
  const [rules, setRules] = useState<RewardRules | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    citizenApi.myRewards().then(setRewards, (failure) => setError(messageOf(failure)));
    citizenApi.rewardRules().then(setRules, () => undefined);
  }, []);

  return (
    <Shell>
      <View className='card'>
        <View className='card-title'>奖励余额</View>
        <View className='balance'>{rewards ? yuan(rewards.balanceFen) : '–'}</View>
        <View className='muted'>有效上报（立案）后发放，每月结算一次。</View>
        {error && <View className='error-text'>{error}</View>}
      </View>
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
