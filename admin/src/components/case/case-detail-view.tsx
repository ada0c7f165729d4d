/**
 * One case in full, used by every desk and the case page: facts, reports with photos and EXIF
 * checks, the map, deadlines, the timeline, and the actions the desk offers.
 */
import type { ReactNode } from 'react';
import { Card, Col, Row, Space, Tabs, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { CaseAction, CaseDetail } from '../../api/contract';
import { ActionBar } from '../actions/action-bar';
import { CaseFacts } from './case-facts';
import { CaseLocation } from './case-location';
import { CaseTimeline } from './case-timeline';
import { DeadlineTable } from './deadline-table';
import { ReportList } from './report-list';

interface Props {
  detail: CaseDetail;
  /** The desk's actions; all the server allows when absent. */
  actions?: readonly CaseAction[];
  /** Desk-specific content above the reports (e.g. before/after photos at 核查). */
  children?: ReactNode;
  /** A link to the full page, for desks that show the case in a side pane. */
  linkToPage?: boolean;
}

export function CaseDetailView({ detail, actions, children, linkToPage = false }: Props) {
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="case-detail">
      <Card size="small">
        <Space direction="vertical" size={10} style={{ width: '100%' }}>
          <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
            <Typography.Title level={4} style={{ margin: 0 }}>
              案件 {detail.id} · {detail.categoryName}
            </Typography.Title>
            {linkToPage && <Link to={`/cases/${detail.id}`}>打开案件详情页</Link>}
          </Space>
          <ActionBar detail={detail} only={actions} />
          <CaseFacts detail={detail} />
        </Space>
      </Card>
      {children}
      <Row gutter={12}>
        <Col xs={24} xxl={12}>
          <Card size="small" title={`举报与照片（${detail.reports.length}）`}>
            <ReportList reports={detail.reports} />
          </Card>
        </Col>
        <Col xs={24} xxl={12}>
          <Card size="small" title="位置与周边案件">
            <CaseLocation detail={detail} mayMerge={detail.allowedActions.includes('merge')} />
          </Card>
        </Col>
      </Row>
      <Card size="small">
        <Tabs
          items={[
            { key: 'timeline', label: '办理记录', children: <CaseTimeline entries={detail.timeline} /> },
            { key: 'deadlines', label: '时限与亮灯', children: <DeadlineTable deadlines={detail.deadlines} /> },
          ]}
        />
      </Card>
    </Space>
  );
}
