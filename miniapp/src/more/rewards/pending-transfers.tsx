import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { PendingTransfer } from '../../api/contract';
import { ActionButton } from '../../components/action-button';
import { beijingTime, yuan } from '../../format/format';
import { requestMerchantTransfer, type TransferAnswer } from '../../platform/merchant-transfer';

/**
 * Bills the citizen confirmed in WeChat. The server learns the result from WeChat Pay's callback,
 * so until then such a bill is still listed as waiting: it shows 处理中 instead of a second 领取.
 * Kept in storage so a restart does not offer 领取 again.
 */
const CONFIRMED_KEY = 'rewards.confirmedTransfers';

function confirmedBills(): string[] {
  const stored: unknown = Taro.getStorageSync(CONFIRMED_KEY);
  return Array.isArray(stored) ? stored.filter((item): item is string => typeof item === 'string') : [];
}

const OUTCOMES: Record<TransferAnswer, string> = {
  confirmed: '已确认领取，微信正在处理，到账后此处显示“已到账”。',
  cancelled: '您取消了领取，可在 24 小时内再次点“领取”。',
  failed: '领取未完成，请稍后再试。',
  unavailable: '请在微信中打开领取。',
};

interface Props {
  transfers: PendingTransfer[];
  /** Called after each 领取, whatever its outcome, to fetch the bills and payouts again. */
  onSettled: () => void;
}

/** 待领取: transfers waiting in WAIT_USER_CONFIRM, each with its 领取 button. */
export function PendingTransfers({ transfers, onSettled }: Props) {
  const [confirmed, setConfirmed] = useState(confirmedBills);
  const [busyBill, setBusyBill] = useState('');
  const [outcome, setOutcome] = useState('');

  const claim = async (transfer: PendingTransfer) => {
    setBusyBill(transfer.outBillNo);
    const answer = await requestMerchantTransfer(transfer);
    setBusyBill('');
    setOutcome(OUTCOMES[answer]);
    if (answer === 'confirmed') {
      // Bills the server no longer lists as waiting are final: forgotten here.
      const next = [...confirmed.filter((outBillNo) => transfers.some((listed) => listed.outBillNo === outBillNo)), transfer.outBillNo];
      Taro.setStorageSync(CONFIRMED_KEY, next);
      setConfirmed(next);
    }
    onSettled();
  };

  if (transfers.length === 0 && !outcome) return null;
  return (
    <View className='card' id='pending-transfers'>
      <View className='card-title'>待领取</View>
      {transfers.map((transfer) => (
        <View key={transfer.outBillNo} className='reward-row transfer-item'>
          <View>
            <View className='transfer-amount'>{yuan(transfer.amountFen)}</View>
            <View className='muted'>请于 {beijingTime(transfer.expiresAt)} 前领取</View>
            <View className='muted'>单号 {transfer.outBillNo}</View>
          </View>
          {confirmed.includes(transfer.outBillNo) ? (
            <Text className='chip chip-handled'>处理中</Text>
          ) : (
            <ActionButton className='btn btn-primary btn-small claim-button' busy={busyBill === transfer.outBillNo} disabled={busyBill !== ''} onClick={() => void claim(transfer)}>
              领取
            </ActionButton>
          )}
        </View>
      ))}
      {transfers.length > 0 && <View className='muted transfer-hint'>逾期未领取的转账自动撤销，下次发放时重新发起。</View>}
      {outcome && <View className='transfer-outcome'>{outcome}</View>}
    </View>
  );
}
