import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { citizenApi } from '../../api/citizen';
import { photoUrl } from '../../api/client';
import type { Report } from '../../api/contract';
import { messageOf } from '../../api/errors';
import { Shell } from '../../components/shell';
import { StatusChip } from '../../components/status-chip';
import { useOutbox } from '../../components/use-outbox';
import { useSessionChange } from '../../components/use-session-change';
import { useCategoryNames } from '../../components/use-category-names';
import { beijingTime } from '../../format/format';
import { OUTBOX_SENT, flushOutbox, remove, retry, type OutboxEntry } from '../../outbox/outbox';
import { canLogInSilently, currentCitizen } from '../../session/session';
import './index.scss';

/** 我的上报: what still waits in the outbox, then the sent reports, newest first, 10 at a time. */
export default function MinePage() {
  const [reports, setReports] = useState<Report[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState('');
  const loading = useRef(false);
  const outbox = useOutbox();
  const categoryName = useCategoryNames();

  const load = useCallback(async (before?: number) => {
    if ((!canLogInSilently() && !currentCitizen()) || loading.current) return;
    loading.current = true;
    try {
      const page = await citizenApi.myReports(before);
      setReports((shown) => (before ? [...shown, ...page.reports] : page.reports));
      setNextBefore(page.nextBefore);
      setError('');
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      loading.current = false;
      setLoaded(true);
    }
  }, []);

  const refresh = useCallback(() => load(), [load]);
  useDidShow(() => void refresh());
  useSessionChange(refresh);
  // A report the outbox just sent belongs in the list.
  useEffect(() => {
    Taro.eventCenter.on(OUTBOX_SENT, refresh);
    return () => {
      Taro.eventCenter.off(OUTBOX_SENT, refresh);
    };
  }, [refresh]);
  // An entry whose answer was lost is already listed by the server: one card, not two.
  const waiting = outbox.filter((entry) => !reports.some((report) => report.idempotencyKey === entry.key));
  usePullDownRefresh(() => {
    void Promise.all([flushOutbox(), refresh()]).finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    if (nextBefore) void load(nextBefore);
  });

  return (
    <Shell>
      {waiting.map((entry) => (
        <OutboxItem key={entry.key} entry={entry} onSent={refresh} />
      ))}
      {error && <View className='error-text list-error'>{error}</View>}
      {loaded && reports.length === 0 && waiting.length === 0 && !error && <View className='empty'>还没有上报记录</View>}
      {reports.map((report) => (
        <View key={report.id} className='card report-item' onClick={() => Taro.navigateTo({ url: `/pages/detail/index?id=${report.id}` })}>
          {report.photos[0] ? (
            <Image className='report-thumb' src={photoUrl(report.photos[0].thumbUrl)} mode='aspectFill' />
          ) : (
            <View className='report-thumb report-thumb-follow'>关注</View>
          )}
          <View className='report-body'>
            <View className='row report-head'>
              <Text className='report-title'>
                {report.kind === 'follow' ? '关注 · ' : ''}
                {categoryName(report.categoryCode)}
              </Text>
              <StatusChip status={report.case.status} label={report.case.statusLabel} />
            </View>
            <View className='report-text'>{report.description || report.address || '（无描述）'}</View>
            <View className='muted'>{beijingTime(report.createdAt)}</View>
          </View>
        </View>
      ))}
      {nextBefore === null && reports.length > 0 && <View className='empty list-end'>没有更多了</View>}
    </Shell>
  );
}

/** An outbox entry: 待发送 (sent automatically) or refused (the reason, 重试, 删除). */
function OutboxItem({ entry, onSent }: { entry: OutboxEntry; onSent: () => void }) {
  const failed = entry.state === 'failed';
  const uploaded = entry.photos.filter((photo) => photo.photoId).length;
  return (
    <View className='card report-item outbox-item'>
      <Image className='report-thumb' src={entry.photos[0]?.path} mode='aspectFill' />
      <View className='report-body'>
        <View className='row report-head'>
          <Text className='report-title'>{entry.categoryName}</Text>
          <StatusChip status={failed ? 'failed' : 'waiting'} label={failed ? '发送失败' : '待发送'} />
        </View>
        <View className={failed ? 'error-text' : 'muted'}>
          {entry.error ?? '等待网络'}
          {!failed && uploaded > 0 ? `（已传 ${uploaded}/${entry.photos.length} 张照片）` : ''}
        </View>
        <View className='row outbox-actions'>
          <Button className='btn btn-small' onClick={() => void retry(entry.key).then(onSent)}>
            重试
          </Button>
          {failed && (
            <Button
              className='btn btn-small btn-danger'
              onClick={async () => {
                const { confirm } = await Taro.showModal({ title: '删除这条上报？', content: '删除后照片和内容不会再发送。' });
                if (confirm) remove(entry.key);
              }}
            >
              删除
            </Button>
          )}
        </View>
      </View>
    </View>
  );
}
