import type { ReactNode } from 'react';
import { Card, Empty } from 'antd';
import type { CaseAction, CaseDetail } from '../../api/contract';
import { useCase } from '../../api/hooks';
import { QueryState } from '../query-state';
import { CaseDetailView } from './case-detail-view';

interface Props {
  caseId?: number;
  actions: readonly CaseAction[];
  /** Desk-specific content above the reports, given the loaded case. */
  extra?: (detail: CaseDetail) => ReactNode;
}

/** The selected case of a desk, with the desk's actions. */
export function CasePane({ caseId, actions, extra }: Props) {
  const query = useCase(caseId);
  if (caseId === undefined) return <Card><Empty description="请从左侧队列选择案件" /></Card>;
  return <QueryState query={query}>{(detail) => <CaseDetailView detail={detail} actions={actions} linkToPage>{extra?.(detail)}</CaseDetailView>}</QueryState>;
}
