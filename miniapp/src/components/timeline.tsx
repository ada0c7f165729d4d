import { Text, View } from '@tarojs/components';
import type { TimelineStep } from '../api/contract';
import { beijingTime } from '../format/format';
import { PhotoGrid } from './photo-grid';
import './timeline.scss';

/** The case's public steps, newest first: 受理, 立案/不予立案 (with the reason), 派遣, 处置, 结案 with after-photos. */
export function Timeline({ steps }: { steps: TimelineStep[] }) {
  if (steps.length === 0) return <View className='muted'>已收到您的上报，等待受理。</View>;
  return (
    <View className='timeline'>
      {[...steps].reverse().map((step, index) => (
        <View key={`${step.stage}-${step.at}`} className={`timeline-step ${index === 0 ? 'timeline-step-latest' : ''}`}>
          <View className='timeline-dot' />
          <View className='timeline-body'>
            <View className='row timeline-head'>
              <Text className='timeline-label'>{step.label}</Text>
              <Text className='muted'>{beijingTime(step.at)}</Text>
            </View>
            {step.reason && <View className='timeline-reason'>原因：{step.reason}</View>}
            {step.photos && <PhotoGrid photos={step.photos} after />}
          </View>
        </View>
      ))}
    </View>
  );
}
