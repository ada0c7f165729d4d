import { Image, Text, View } from '@tarojs/components';
import type { NearbyOpenCase } from '../api/contract';
import { photoUrl } from '../api/client';
import { distance } from '../format/format';
import { StatusChip } from './status-chip';
import { ActionButton } from './action-button';
import './nearby-cases.scss';

interface Props {
  cases: NearbyOpenCase[];
  followingId: number | null;
  onFollow: (nearby: NearbyOpenCase) => void;
}

/**
 * Open cases of the chosen category near the pin, before the citizen reports: if one is the same
 * problem, 关注 it instead (its progress reaches them and they count as a supporting reporter).
 */
export function NearbyCases({ cases, followingId, onFollow }: Props) {
  if (cases.length === 0) return null;
  return (
    <View className='card nearby' id='nearby-cases'>
      <View className='card-title'>附近已有 {cases.length} 件同类问题</View>
      <View className='muted nearby-hint'>如果是同一个问题，点「关注」即可跟进进展，无需重复上报。</View>
      {cases.map((nearby) => (
        <View key={nearby.id} className='nearby-item'>
          {nearby.thumbUrl ? <Image className='nearby-thumb' src={photoUrl(nearby.thumbUrl)} mode='aspectFill' /> : <View className='nearby-thumb' />}
          <View className='nearby-body'>
            <View className='nearby-name'>{nearby.categoryName}</View>
            <View className='row nearby-meta'>
              <StatusChip status={nearby.publicStatus} label={nearby.publicStatusText} />
              <Text className='muted'>
                {distance(nearby.distanceM)} · {nearby.supporterCount} 人反映
              </Text>
            </View>
          </View>
          {nearby.reportedByMe || nearby.followedByMe ? (
            <Text className='muted nearby-state'>{nearby.reportedByMe ? '我已上报' : '已关注'}</Text>
          ) : (
            <ActionButton className='btn btn-small' disabled={followingId !== null} onClick={() => onFollow(nearby)}>
              {followingId === nearby.id ? '关注中…' : '关注'}
            </ActionButton>
          )}
        </View>
      ))}
    </View>
  );
}
