import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { citizenApi } from '../../api/citizen';
import type { ReportSummary } from '../../api/contract';
import { messageOf } from '../../api/errors';
import { Shell } from '../../components/shell';
import { StatusChip } from '../../components/status-chip';
import { useOutbox } from '../../components/use-outbox';
import { useSessionChange } from '../../components/use-session-change';
import { beijingTime } from '../../format/format';
import { canLogInSilently, currentCitizen, logOut } from '../../session/session';
import { OUTBOX_SENT } from '../../outbox/outbox';
import camera from '../../assets/camera.png';
import './index.scss';

/** 首页: the big 随手拍 button, my counts, the latest progress, and the rarely used pages. */
export default function HomePage() {
  const [summary, setSummary] = useState<ReportSummary | null>(null);
  const [error, setError] = useState('');
  const waiting = useOutbox();

  const load = useCallback(async () => {
    if (!canLogInSilently() && !currentCitizen()) return setSummary(null);
    try {
      setSummary(await citizenApi.summary());
      setError('');
    } catch (failure) {
      setError(messageOf(failure));
    }
  }, []);
  useDidShow(() => void load());
  useSessionChange(load);
  useEffect(() => {
    Taro.eventCenter.on(OUTBOX_SENT, load);
    return () => {
      Taro.eventCenter.off(OUTBOX_SENT, load);
    };
  }, [load]);
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  return (
    <Shell>
      <View className='hero'>
        <View className='hero-title'>发现城市问题，随手拍一拍</View>
        <View className='hero-sub'>井盖破损、垃圾堆积、占道经营……拍照上报，城管及时处置</View>
        <View className='hero-button' id='start-report' onClick={() => Taro.navigateTo({ url: '/pages/report/index' })}>
          <Image className='hero-button-icon' src={camera} />
          <Text>随手拍</Text>
        </View>
      </View>

      {waiting.length > 0 && (
        <View className='card outbox-banner' onClick={() => Taro.switchTab({ url: '/pages/mine/index' })}>
          <StatusChip status='waiting' label='待发送' />
          <Text> {waiting.length} 条上报尚未发送，联网后自动发送</Text>
        </View>
      )}

      <View className='card'>
        <View className='card-title'>我的上报</View>
        <View className='counts' id='my-counts'>
          {[
            { label: '已上报', value: summary?.counts.submitted },
            { label: '已立案', value: summary?.counts.registered },
            { label: '已结案', value: summary?.counts.closed },
          ].map((count) => (
            <View key={count.label} className='count' onClick={() => Taro.switchTab({ url: '/pages/mine/index' })}>
              <View className='count-value'>{count.value ?? '–'}</View>
              <View className='muted'>{count.label}</View>
            </View>
          ))}
        </View>
        {error && <View className='error-text'>{error}</View>}
      </View>

      <View className='card'>
        <View className='card-title'>最新进展</View>
        {summary && summary.latest.length === 0 && <View className='muted'>还没有上报，发现问题随手拍一拍。</View>}
        {summary?.latest.map((item) => (
          <View key={`${item.reportId}-${item.at}`} className='latest-item' onClick={() => Taro.navigateTo({ url: `/pages/detail/index?id=${item.reportId}` })}>
            <View>
              <View>上报 #{item.reportId}</View>
              <View className='muted'>{beijingTime(item.at)}</View>
            </View>
            <StatusChip status={item.publicStatus} label={item.publicStatusText} />
          </View>
        ))}
      </View>

      <View className='card links'>
        <View className='link-item' onClick={() => Taro.navigateTo({ url: '/more/rewards/index' })}>
          <Text>我的奖励</Text>
          <Text className='muted'>›</Text>
        </View>
        <View className='link-item' onClick={() => Taro.navigateTo({ url: '/more/privacy/index' })}>
          <Text>隐私保护指引</Text>
          <Text className='muted'>›</Text>
        </View>
        {process.env.TARO_ENV === 'h5' && currentCitizen() && (
          <View className='link-item' onClick={logOut}>
            <Text>退出演示账号</Text>
            <Text className='muted'>›</Text>
          </View>
        )}
      </View>
    </Shell>
  );
}
