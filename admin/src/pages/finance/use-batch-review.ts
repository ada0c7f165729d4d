import { useQuery } from '@tanstack/react-query';
import { fetchBatchReview } from '../../api/finance';

/** The server's default: citizens with at least this many rewards in the month are outliers. */
export const DEFAULT_OUTLIER_MIN_REWARDS = 20;

/** The batch's review figures: totals per status and channel, street and category, and outliers. */
export const useBatchReview = (batchId: number, outlierMinRewards = DEFAULT_OUTLIER_MIN_REWARDS) =>
  useQuery({
    queryKey: ['settlement', 'batch', batchId, 'review', outlierMinRewards],
    queryFn: () => fetchBatchReview(batchId, outlierMinRewards),
    placeholderData: (previous) => previous,
  });
