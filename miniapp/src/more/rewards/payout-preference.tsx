import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { citizenApi } from '../../api/citizen';
import type { PayoutChannel, PayoutPreference as Preference } from '../../api/contract';
import { ActionButton } from '../../components/action-button';
import { useSubmission } from '../../components/use-submission';

/** The channels in the citizen's words; 红包/现金 is handed over in person, hence 线下领取. */
export const CHANNEL_NAMES: Record<PayoutChannel, string> = {
  wechat_transfer: '微信转账',
  phone_credit: '话费充值',
  manual: '线下领取',
};

const CHANNELS = Object.keys(CHANNEL_NAMES) as PayoutChannel[];

/** What the server accepts as a mainland mobile number. */
const MOBILE = /^1[3-9]\d{9}$/;

function describe(preference: Preference | null): string {
  if (!preference) return '未设置（默认微信转账）';
  return preference.phone ? `${CHANNEL_NAMES[preference.channel]}（${preference.phone}）` : CHANNEL_NAMES[preference.channel];
}

/** 领取方式: how the next settlements pay this citizen; the number is shown masked once saved. */
export function PayoutPreference({ current, onSaved }: { current: Preference | null; onSaved: (saved: Preference) => void }) {
  const [channel, setChannel] = useState<PayoutChannel>(current?.channel ?? 'wechat_transfer');
  const [phone, setPhone] = useState('');
  const [message, setMessage] = useState('');
  const { busy, error, setError, run } = useSubmission();

  const save = async () => {
    setMessage('');
    if (channel === 'phone_credit' && !MOBILE.test(phone.trim())) return setError('请输入 11 位中国大陆手机号码');
    await run(async () => {
      onSaved(await citizenApi.savePayoutPreference(channel, channel === 'phone_credit' ? phone.trim() : undefined));
      setPhone('');
      setMessage('已保存，下次结算起按此方式发放');
    });
  };

  return (
    <View className='card' id='payout-preference'>
      <View className='card-title'>领取方式</View>
      <View className='muted'>当前：<Text className='current-preference'>{describe(current)}</Text></View>
      <View className='channel-choices'>
        {CHANNELS.map((option) => (
          <View key={option} className={`channel-choice ${option === channel ? 'channel-choice-active' : ''}`} onClick={() => setChannel(option)}>
            {CHANNEL_NAMES[option]}
          </View>
        ))}
      </View>
      {channel === 'phone_credit' && (
        <Input className='input phone-input' type='number' maxlength={11} placeholder='充值手机号码' value={phone} onInput={(event) => setPhone(event.detail.value)} />
      )}
      {channel === 'manual' && <View className='muted'>结算后由工作人员联系您线下领取。</View>}
      {error && <View className='error-text'>{error}</View>}
      {message && <View className='muted preference-saved'>{message}</View>}
      <ActionButton className='btn btn-primary btn-block save-preference' busy={busy} onClick={() => void save()}>
        保存领取方式
      </ActionButton>
    </View>
  );
}
