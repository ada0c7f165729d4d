/** 案件查询: every case the person may see, filtered by status, category, street, unit and light. */
import { useState } from 'react';
import { Card, Form, Select } from 'antd';
import { useNavigate } from 'react-router-dom';
import type { CaseFilter } from '../../api/cases';
import type { CaseStatus, Light } from '../../api/contract';
import { asQueue, useCaseList, useCategories, useDepartments } from '../../api/hooks';
import { CaseQueue, queueColumns } from '../../components/case-queue';
import { CASE_STATUSES } from '../../../../server/src/workflow/transitions.js';
import { LIGHT_LABELS, STATUS_LABELS } from '../../labels';

export default function CaseSearch() {
  const navigate = useNavigate();
  const [filter, setFilter] = useState<CaseFilter>({ page: 1, pageSize: 20 });
  const [selectedId, setSelectedId] = useState<number>();
  const list = useCaseList(filter);
  const categories = useCategories();
  const departments = useDepartments();
  const streets = departments.data?.filter((department) => department.streetCode) ?? [];
  const change = (values: Partial<CaseFilter>) => setFilter((current) => ({ ...current, ...values, page: 1 }));
  return (
    <Card size="small" title="案件查询">
      <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item label="状态">
          <Select<CaseStatus[]> mode="multiple" allowClear style={{ minWidth: 200 }} placeholder="全部" onChange={(status) => change({ status })} options={CASE_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] }))} />
        </Form.Item>
        <Form.Item label="类别">
          <Select<string> allowClear showSearch optionFilterProp="label" style={{ width: 200 }} placeholder="全部" onChange={(category) => change({ category })} options={categories.data?.map((category) => ({ value: category.code, label: `${category.code} ${category.name}` }))} />
        </Form.Item>
        <Form.Item label="街道">
          <Select<string> allowClear style={{ width: 140 }} placeholder="全部" onChange={(street) => change({ street })} options={streets.map((office) => ({ value: office.streetCode!, label: office.name }))} />
        </Form.Item>
        <Form.Item label="处置单位">
          <Select<string> allowClear showSearch optionFilterProp="label" style={{ width: 200 }} placeholder="全部" onChange={(department) => change({ department })} options={departments.data?.map((department) => ({ value: department.code, label: department.name }))} />
        </Form.Item>
        <Form.Item label="灯">
          <Select<Light> allowClear style={{ width: 100 }} placeholder="全部" onChange={(light) => change({ light })} options={(['red', 'yellow', 'green', 'none'] as const).map((light) => ({ value: light, label: LIGHT_LABELS[light] }))} />
        </Form.Item>
      </Form>
      <CaseQueue
        label="案件列表"
        queue={asQueue(list)}
        columns={[
          queueColumns.light,
          { ...queueColumns.id, render: (id: number) => <a onClick={() => navigate(`/cases/${id}`)}>{id}</a> },
          queueColumns.category,
          queueColumns.street,
          queueColumns.status,
          queueColumns.reporters,
          queueColumns.openedAt,
          queueColumns.dueAt,
        ]}
        selectedId={selectedId}
        onSelect={setSelectedId}
        onPage={(page) => setFilter((current) => ({ ...current, page }))}
        emptyText="没有符合条件的案件"
      />
    </Card>
  );
}
