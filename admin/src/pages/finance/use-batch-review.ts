import { useQuery } from '@tanstack/react-query';
import { fetchBatchReview } from '../../api/finance';

/** The server's defaults: citizens with at least this many rewards in the month are outliers, */
export const DEFAULT_OUTLIER_MIN_REWARDS = 20;
/** and devices with at least this many reports (or reporting for several payees). */
export const DEFAULT_OUTLIER_MIN_DEVICE_REPORTS = 30;

/** The batch's review figures: totals per status and channel, street and category, and outliers. */
export const useBatchReview = (batchId: number, outlierMinRewards = DEFAULT_OUTLIER_MIN_REWARDS, outlierMinDeviceReports = DEFAULT_OUTLIER_MIN_DEVICE_REPORTS) =>
  useQuery({
    queryKey: ['settlement', 'batch', batchId, 'review', outlierMinRewards, outlierMinDeviceReports],
    queryFn: () => fetchBatchReview(batchId, { outlierMinRewards, outlierMinDeviceReports }),
    placeholderData: (previous) => previous,
  });
