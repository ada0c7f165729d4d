import { Descriptions, Tag } from 'antd';
import type { CaseDetail } from '../../api/contract';
import { useDepartmentName } from '../../api/names';
import { formatTime } from '../../format';
import { CATEGORY_KIND_LABELS } from '../../labels';
import { LightTag } from '../light-tag';

/** The case at a glance: what, where, how urgent, how often reported. */
export function CaseFacts({ detail }: { detail: CaseDetail }) {
  const departmentName = useDepartmentName();
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2, xxl: 3 }} bordered labelStyle={{ whiteSpace: 'nowrap', width: 88 }}>
      <Descriptions.Item label="状态">
        <Tag color="blue" data-testid="case-status">{detail.statusLabel}</Tag>
      </Descriptions.Item>
      <Descriptions.Item label="灯">
        <LightTag light={detail.light} />
      </Descriptions.Item>
      <Descriptions.Item label="当前时限">{formatTime(detail.dueAt)}</Descriptions.Item>
      <Descriptions.Item label="类别">
        {CATEGORY_KIND_LABELS[detail.categoryKind]} · {detail.categoryName}（{detail.categoryCode}）
      </Descriptions.Item>
      <Descriptions.Item label="街道">{detail.street.name ?? detail.street.code}</Descriptions.Item>
      <Descriptions.Item label="单元网格">{detail.gridCode}</Descriptions.Item>
      <Descriptions.Item label="举报人数">{detail.reporterCount}</Descriptions.Item>
      <Descriptions.Item label="首次上报">{formatTime(detail.openedAt)}</Descriptions.Item>
      <Descriptions.Item label="最近上报">{formatTime(detail.lastReportedAt)}</Descriptions.Item>
      {detail.departmentCode && <Descriptions.Item label="处置单位">{departmentName(detail.departmentCode)}</Descriptions.Item>}
      {detail.returnCount > 0 && <Descriptions.Item label="回退次数">{detail.returnCount}</Descriptions.Item>}
      {detail.reworkCount > 0 && <Descriptions.Item label="返工次数">{detail.reworkCount}</Descriptions.Item>}
      {detail.hungReviewOn && <Descriptions.Item label="挂账复查日">{detail.hungReviewOn}</Descriptions.Item>}
      {detail.mergedIntoCaseId && <Descriptions.Item label="已合并至">案件 {detail.mergedIntoCaseId}</Descriptions.Item>}
      {detail.closedAt && <Descriptions.Item label="结案时间">{formatTime(detail.closedAt)}</Descriptions.Item>}
    </Descriptions>
  );
}
