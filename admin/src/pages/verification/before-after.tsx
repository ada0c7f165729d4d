import { Card, Col, Row, Typography } from 'antd';
import type { CaseDetail } from '../../api/contract';
import { formatTime } from '../../format';
import { PhotoStrip } from '../../components/case/photo-evidence';

/** 核查 compares what was reported with what the unit says it did: report photos beside the latest 处置反馈's. */
export function BeforeAfter({ detail }: { detail: CaseDetail }) {
  const handling = [...detail.timeline].reverse().find((entry) => entry.action === 'handle');
  const note = handling?.details.note;
  return (
    <Row gutter={12} data-testid="before-after">
      <Col span={12}>
        <Card size="small" title="处置前（市民上报）">
          <PhotoStrip photos={detail.reports.flatMap((report) => report.photos)} size={140} />
        </Card>
      </Col>
      <Col span={12}>
        <Card size="small" title={handling ? `处置后（${formatTime(handling.at)}）` : '处置后'}>
          <PhotoStrip photos={handling?.photos ?? []} size={140} />
          {typeof note === 'string' && <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>处置情况：{note}</Typography.Paragraph>}
        </Card>
      </Col>
    </Row>
  );
}
