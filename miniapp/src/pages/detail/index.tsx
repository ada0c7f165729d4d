import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { citizenApi } from '../../api/citizen';
import type { Report } from '../../api/contract';
import { messageOf } from '../../api/errors';
import { PhotoGrid } from '../../components/photo-grid';
import { PointMap } from '../../components/point-map';
import { RatingForm } from '../../components/rating-form';
import { Shell } from '../../components/shell';
import { StatusChip } from '../../components/status-chip';
import { Timeline } from '../../components/timeline';
import { useCategoryNames } from '../../components/use-category-names';
import { useSessionChange } from '../../components/use-session-change';
import { beijingTime } from '../../format/format';
import './index.scss';

/** One report: its photos, place, the case's public timeline (after-photos at 结案) and the rating. */
export default function DetailPage() {
  const { params } = useRouter();
  const id = Number(params.id);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState('');
  const categoryName = useCategoryNames();

  const load = useCallback(async () => {
    try {
      setReport(await citizenApi.report(id));
      setError('');
    } catch (failure) {
      setError(messageOf(failure));
    }
  }, [id]);
  useDidShow(() => void load());
  useSessionChange(load);
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  if (!report) {
    return <Shell>{error ? <View className='error-text'>{error}</View> : <View className='empty'>加载中…</View>}</Shell>;
  }
  return (
    <Shell>
      <View className='card' id='report-detail'>
        <View className='row detail-head'>
          <Text className='detail-title'>{categoryName(report.categoryCode)}</Text>
          <StatusChip status={report.case.status} label={report.case.statusLabel} />
        </View>
        {report.kind === 'follow' ? (
          <View className='muted'>您关注了其他市民上报的这个问题，进展会同步通知您。</View>
        ) : (
          !report.isPrimary && <View className='muted'>已有市民上报，您的上报已关联到同一案件。</View>
        )}
        {report.description && <View className='detail-text'>{report.description}</View>}
        {report.photos.length > 0 && <PhotoGrid photos={report.photos} />}
        <View className='muted detail-meta'>
          上报 #{report.id} · {beijingTime(report.createdAt)}
          {report.address ? ` · ${report.address}` : ''}
        </View>
      </View>

      <View className='card'>
        <View className='card-title'>位置</View>
        <PointMap lat={report.lat} lng={report.lng} />
      </View>

      <View className='card' id='timeline'>
        <View className='card-title'>处置进展</View>
        <Timeline steps={report.case.timeline} />
      </View>

      <RatingForm reportId={report.id} rating={report.rating} canRate={report.canRate} onRated={(rating) => setReport({ ...report, rating, canRate: false })} />
    </Shell>
  );
}
