import { useState } from 'react';
import { Text, Textarea, View } from '@tarojs/components';
import type { CaseRating, Rating } from '../api/contract';
import { citizenApi } from '../api/citizen';
import { beijingTime } from '../format/format';
import { ActionButton } from './action-button';
import { useSubmission } from './use-submission';
import './rating-form.scss';

const RATINGS: Array<{ rating: CaseRating; label: string }> = [
  { rating: 'satisfied', label: '满意' },
  { rating: 'basically_satisfied', label: '基本满意' },
  { rating: 'dissatisfied', label: '不满意' },
];
const COMMENT_MAX = 200;

export const ratingLabel = (rating: CaseRating) => RATINGS.find((option) => option.rating === rating)?.label ?? rating;

interface Props {
  reportId: number;
  rating: Rating | null;
  canRate: boolean;
  onRated: (rating: Rating) => void;
}

/** 满意度 after 结案: once per case, with an optional comment; afterwards the given rating. */
export function RatingForm({ reportId, rating, canRate, onRated }: Props) {
  const [choice, setChoice] = useState<CaseRating | null>(null);
  const [comment, setComment] = useState('');
  const { busy, error, setError, run } = useSubmission();

  if (rating) {
    return (
      <View className='card' id='rating'>
        <View className='card-title'>我的评价</View>
        <View className='rating-given'>
          <Text className='chip chip-closed'>{ratingLabel(rating.rating)}</Text>
          <Text className='muted'> {beijingTime(rating.ratedAt)}</Text>
        </View>
        {rating.comment && <View className='rating-comment'>{rating.comment}</View>}
      </View>
    );
  }
  if (!canRate) return null;

  const submit = async () => {
    if (!choice) return setError('请选择满意程度');
    await run(async () => onRated(await citizenApi.rate(reportId, choice, comment.trim())));
  };

  return (
    <View className='card' id='rating'>
      <View className='card-title'>问题已结案，请评价处置结果</View>
      <View className='rating-options'>
        {RATINGS.map((option) => (
          <View key={option.rating} className={`rating-option ${choice === option.rating ? 'rating-option-active' : ''}`} onClick={() => setChoice(option.rating)}>
            {option.label}
          </View>
        ))}
      </View>
      <Textarea
        className='textarea'
        placeholder='说说您的看法（选填，200 字以内）'
        value={comment}
        maxlength={COMMENT_MAX}
        onInput={(event) => setComment(event.detail.value)}
      />
      {error && <View className='error-text'>{error}</View>}
      <ActionButton className='btn btn-primary btn-block rating-submit' busy={busy} onClick={submit}>
        提交评价
      </ActionButton>
    </View>
  );
}
