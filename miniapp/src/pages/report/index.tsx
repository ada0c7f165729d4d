import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, Textarea, View } from '@tarojs/components';
import { citizenApi } from '../../api/citizen';
import type { Category, NearbyOpenCase, Report } from '../../api/contract';
import { ApiError, messageOf } from '../../api/errors';
import { CategoryPicker } from '../../components/category-picker';
import { MapPick } from '../../components/map-pick';
import { NearbyCases } from '../../components/nearby-cases';
import { PhotoPicker } from '../../components/photo-picker';
import { Shell } from '../../components/shell';
import { OUTBOX_SENT, enqueue, flushOutbox, outboxEntries } from '../../outbox/outbox';
import { newIdempotencyKey } from '../../session/random-id';
import { chooseWeappPlace } from '../../platform/location';
import { askForProgressMessages } from '../../platform/subscribe';
import { usePlace, type Place } from './use-place';
import './index.scss';
import { ActionButton } from '../../components/action-button';

const DESCRIPTION_MAX = 500;

/** 随手拍: photos, place (with its grid), category, what is already reported nearby, description, 提交. */
export default function ReportPage() {
  const place = usePlace();
  const [photos, setPhotos] = useState<string[]>([]);
  const [categories, setCategories] = useState<Category[]>([]);
  const [category, setCategory] = useState<Category | null>(null);
  const [pickerOpen, setPickerOpen] = useState(false);
  const [description, setDescription] = useState('');
  const [nearby, setNearby] = useState<NearbyOpenCase[]>([]);
  const [followingId, setFollowingId] = useState<number | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState('');

  const loadCategories = () => citizenApi.categories().then(setCategories, (failure) => setError(messageOf(failure)));
  useEffect(() => {
    void loadCategories();
  }, []);

  // As soon as category and pin are set: the open cases of that category around the pin.
  useEffect(() => {
    if (!category || !place.point) return setNearby([]);
    let current = true;
    citizenApi.nearbyOpen(category.code, place.point).then(
      (found) => current && setNearby(found),
      () => current && setNearby([]),
    );
    return () => {
      current = false;
    };
  }, [category, place.point]);

  const follow = async (nearbyCase: NearbyOpenCase) => {
    void askForProgressMessages();
    setFollowingId(nearbyCase.id);
    try {
      const report = await citizenApi.follow(nearbyCase.id);
      Taro.showToast({ title: '已关注，进展会通知您', icon: 'none' });
      Taro.redirectTo({ url: `/pages/detail/index?id=${report.id}` });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setFollowingId(null);
    }
  };

  const missing = (): string | null => {
    if (photos.length === 0) return '请至少拍一张照片';
    if (!place.point) return place.problem || '请先确定问题位置';
    if (place.gridState === 'refused') return place.problem;
    if (!category) return '请选择问题类型';
    if (description.length > DESCRIPTION_MAX) return `描述不能超过 ${DESCRIPTION_MAX} 字`;
    return null;
  };

  const submit = () => {
    const problem = missing();
    if (problem) return setError(problem);
    // The key is made on the press and the report stored at once, before anything can be lost.
    const key = newIdempotencyKey();
    try {
      enqueue({
        key,
        input: { categoryCode: category!.code, ...place.point!, description: description.trim(), address: place.address },
        categoryName: category!.name,
        photos: photos.map((path) => ({ path })),
      });
    } catch (failure) {
      return setError(failure instanceof ApiError ? failure.message : '手机存储空间不足，无法保存这条上报，请减少照片后重试');
    }
    // Still within the tap (nothing awaited yet), as WeChat's subscribe dialog requires.
    const asked = askForProgressMessages();
    // The outbox owns the photos now; the form starts afresh.
    setPhotos([]);
    setDescription('');
    setError('');
    void send(key, asked);
  };

  /** Sends what the outbox holds (this report among it) and tells the citizen how it went. */
  const send = async (key: string, asked: Promise<void>) => {
    setSubmitting(true);
    let sent: Report | null = null;
    const onSent = (event: { key: string; report: Report }) => {
      if (event.key === key) sent = event.report;
    };
    Taro.eventCenter.on(OUTBOX_SENT, onSent);
    try {
      await asked;
      await flushOutbox();
    } finally {
      Taro.eventCenter.off(OUTBOX_SENT, onSent);
      setSubmitting(false);
    }
    await announce(key, sent);
  };

  return (
    <Shell>
      <View className='card'>
        <View className='card-title'>
          <Text>现场照片</Text>
          <Text className='muted'>{photos.length}/9</Text>
        </View>
        <PhotoPicker photos={photos} onChange={setPhotos} onError={setError} />
      </View>

      <View className='card'>
        <View className='card-title'>
          <Text>问题位置</Text>
          {process.env.TARO_ENV === 'h5' && (
            <Text className='link' onClick={place.locate}>
              {place.locating ? '定位中…' : '重新定位'}
            </Text>
          )}
        </View>
        {process.env.TARO_ENV === 'h5' && place.origin && place.point && (
          <>
            <MapPick origin={place.origin} point={place.point} onChange={(point) => place.moveTo(point)} />
            <View className='muted place-hint'>点击或拖动，把红点放到问题所在处</View>
          </>
        )}
        {process.env.TARO_ENV === 'weapp' && (
          <Button
            className='btn btn-small'
            onClick={async () => {
              const picked = await chooseWeappPlace(place.point);
              if (picked) place.moveTo(picked.point, picked.address);
            }}
          >
            {place.point ? '在地图上调整位置' : '在地图上选择位置'}
          </Button>
        )}
        <View className='place-grid' id='place-grid'>
          {place.address && <View>{place.address}</View>}
          {place.grid ? (
            <View>
              {place.grid.district.name} · {place.grid.street.name} · {place.grid.community.name}
              <View className='muted'>网格 {place.grid.gridCode}</View>
            </View>
          ) : (
            <View className={place.problem ? 'error-text' : 'muted'}>{place.problem || placeStatus(place)}</View>
          )}
        </View>
      </View>

      <View className='card'>
        <View className='card-title'>问题类型</View>
        <View
          className='category-choice'
          id='category-choice'
          onClick={() => {
            // No list yet (no network at the page's start, none kept): ask again on the tap.
            if (categories.length === 0) void loadCategories();
            setPickerOpen(true);
          }}
        >
          {category ? (
            <Text>
              {category.kind === 'event' ? '事件' : '部件'} · {category.majorName} · {category.name}
            </Text>
          ) : (
            <Text className='muted'>请选择（部件/事件）</Text>
          )}
          <Text className='muted'>›</Text>
        </View>
      </View>

      <NearbyCases cases={nearby} followingId={followingId} onFollow={follow} />

      <View className='card'>
        <View className='card-title'>
          <Text>问题描述</Text>
          <Text className='muted'>
            {description.length}/{DESCRIPTION_MAX}
          </Text>
        </View>
        <Textarea
          className='textarea'
          placeholder='简要描述问题（选填），如：井盖破损，有行人绊倒的危险'
          value={description}
          maxlength={DESCRIPTION_MAX}
          onInput={(event) => setDescription(event.detail.value)}
        />
      </View>

      {error && <View className='error-text submit-error'>{error}</View>}
      <ActionButton className='btn btn-primary btn-block submit-button' busy={submitting} onClick={submit}>
        {nearby.length > 0 ? '仍要上报' : '提交'}
      </ActionButton>

      {pickerOpen && (
        <CategoryPicker
          categories={categories}
          onClose={() => setPickerOpen(false)}
          onPick={(picked) => {
            setCategory(picked);
            setPickerOpen(false);
          }}
        />
      )}
    </Shell>
  );
}

/** The place card's line while the grid is not known and nothing is wrong. */
function placeStatus(place: Place): string {
  if (place.locating || !place.point) return '正在定位…';
  if (place.gridState === 'unreachable') return '网络不佳，暂未确认所属网格；可以先提交，联网后自动发送';
  return '正在确认所属网格…';
}

/** Tells the citizen what happened to their report: sent (new case or 关联), waiting, or refused. */
async function announce(key: string, sent: Report | null) {
  if (sent) {
    await Taro.showModal({
      title: sent.isPrimary ? '上报成功' : '已有市民上报，已为您关联',
      content: sent.isPrimary ? '我们会尽快受理，处置进展会在「我的上报」中更新。' : '该问题已有市民上报，您的上报已关联到同一案件，进展会同步通知您。',
      showCancel: false,
      confirmText: '查看详情',
    });
    Taro.redirectTo({ url: `/pages/detail/index?id=${sent.id}` });
    return;
  }
  const entry = outboxEntries().find((candidate) => candidate.key === key);
  await Taro.showModal({
    title: entry?.state === 'failed' ? '上报未成功' : '已保存，待发送',
    content:
      entry?.state === 'failed'
        ? `${entry.error ?? ''}。可在「我的上报」中重试或删除。`
        : '网络不可用，上报已保存在手机上，联网后会自动发送，不会重复上报。',
    showCancel: false,
    confirmText: '知道了',
  });
  Taro.switchTab({ url: '/pages/mine/index' });
}
