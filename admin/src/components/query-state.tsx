/** Loading, error and empty states in one place, so every screen shows them the same way. */
import type { ReactNode } from 'react';
import { Alert, Button, Empty, Spin } from 'antd';
import type { UseQueryResult } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { describeError } from './errors';

interface Props<T> {
  query: UseQueryResult<T>;
  /** When given and true for the data, the empty state is shown instead of children. */
  isEmpty?: (data: T) => boolean;
  emptyText?: string;
  children: (data: T) => ReactNode;
}

export function QueryState<T>({ query, isEmpty, emptyText = '暂无数据', children }: Props<T>) {
  if (query.isPending) return <Spin tip="加载中…" style={{ display: 'block', padding: 48 }}><div /></Spin>;
  if (query.isError) {
    const { title, detail } = describeError(query.error);
    // Asking again helps after a dropped connection or a server error, not after a refusal.
    const retryable = !(query.error instanceof ApiError && query.error.status >= 400 && query.error.status < 500);
    return <Alert type="error" showIcon message={title} description={detail} action={retryable && <Button size="small" onClick={() => query.refetch()}>重试</Button>} />;
  }
  if (isEmpty?.(query.data)) return <Empty description={emptyText} style={{ padding: 32 }} />;
  return <>{children(query.data)}</>;
}
