/**
 * One-click 派遣: the unit the dispatch rules suggest is already chosen, so a dispatcher who
 * agrees presses 派遣 and moves on; a returned case says who returned it and why.
 */
import { useState } from 'react';
import { Alert, Button, Card, Select, Space, Typography } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import type { CaseDetail } from '../../api/contract';
import { useCaseAction, useDepartments } from '../../api/hooks';
import { useDepartmentName } from '../../api/names';

export function DispatchBox({ detail }: { detail: CaseDetail }) {
  const departments = useDepartments();
  const departmentName = useDepartmentName();
  const [departmentCode, setDepartmentCode] = useState(detail.suggestedDepartmentCode ?? undefined);
  const dispatch = useCaseAction(detail.id);
  const lastReturn = [...detail.timeline].reverse().find((entry) => entry.action === 'return');
  const returnedBy = lastReturn?.details.departmentCode;
  if (!detail.allowedActions.includes('dispatch')) return null;
  return (
    <Card size="small" title="派遣" data-testid="dispatch-box">
      <Space direction="vertical" style={{ width: '100%' }}>
        {lastReturn && (
          <Alert
            type="warning"
            showIcon
            message={`已被回退 ${detail.returnCount} 次，最近由 ${departmentName(typeof returnedBy === 'string' ? returnedBy : null)} 回退`}
            description={`回退理由：${lastReturn.reason ?? '—'}`}
          />
        )}
        <Space wrap>
          <Typography.Text>处置单位</Typography.Text>
          <Select
            showSearch
            optionFilterProp="label"
            style={{ width: 320 }}
            value={departmentCode}
            onChange={setDepartmentCode}
            loading={departments.isPending}
            options={departments.data?.map((department) => ({ value: department.code, label: department.name }))}
            aria-label="处置单位"
          />
          <Button type="primary" icon={<SendOutlined />} disabled={!departmentCode} loading={dispatch.isPending} onClick={() => dispatch.mutate({ action: 'dispatch', departmentCode: departmentCode! })}>
            派遣
          </Button>
        </Space>
        {detail.suggestedDepartmentCode && (
          <Typography.Text type="secondary">建议单位：{departmentName(detail.suggestedDepartmentCode)}（按派遣规则）</Typography.Text>
        )}
      </Space>
    </Card>
  );
}
