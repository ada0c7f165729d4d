import { List, Space, Tag, Typography } from 'antd';
import type { CaseReport } from '../../api/contract';
import { formatTime } from '../../format';
import { SOURCE_LABELS } from '../../labels';
import { useStaff } from '../../auth/session';
import { mayAny } from '../../auth/permissions';
import { RevealPhone } from '../reveal-phone';
import { PhotoStrip } from './photo-evidence';

/**
 * Every report of the case, first reporter first; reporters are shown masked, as the server sends
 * them, and a caller's number in clear only to a role that needs it, each reveal audited.
 */
export function ReportList({ reports }: { reports: CaseReport[] }) {
  const mayRevealPhones = mayAny(useStaff(), ['view_personal_data']);
  return (
    <List
      dataSource={reports}
      locale={{ emptyText: '无举报' }}
      renderItem={(report) => (
        <List.Item key={report.id} data-testid="case-report">
          <Space direction="vertical" size={4} style={{ width: '100%' }}>
            <Space wrap size={8}>
              <Typography.Text strong>举报 {report.id}</Typography.Text>
              {report.isPrimary && <Tag color="gold">首报</Tag>}
              <Tag>{SOURCE_LABELS[report.source]}</Tag>
              <Typography.Text type="secondary">
                {report.reporter.nickname ?? '市民'}（{report.reporter.openid ?? report.reporter.phone ?? '匿名'}）· {formatTime(report.createdAt)}
              </Typography.Text>
              {report.reporter.phone && mayRevealPhones && <RevealPhone citizenId={report.reporter.citizenId} />}
            </Space>
            <Typography.Paragraph style={{ margin: 0 }}>{report.description || <Typography.Text type="secondary">（无描述）</Typography.Text>}</Typography.Paragraph>
            {report.address && <Typography.Text type="secondary">地址：{report.address}</Typography.Text>}
            <PhotoStrip photos={report.photos} report={report} />
          </Space>
        </List.Item>
      )}
    />
  );
}
