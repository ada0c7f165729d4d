/**
 * 承包单位与合同区域: who is contracted for which grids, communities or streets (and categories).
 * Everyone with access sees them; administrators add contractors and areas and end areas.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { ContractedArea, Contractor, NewContractedArea, NewContractor } from '../../api/contract';
import { addContractedArea, createContractor, endContractedArea, listContractors } from '../../api/finance';
import { useCategories } from '../../api/hooks';
import { mayAny } from '../../auth/permissions';
import { useStaff } from '../../auth/session';
import { QueryState } from '../../components/query-state';
import { useSave } from '../../components/use-save';
import { formatTime } from '../../format';
import { AREA_LEVEL_LABELS, CONTRACTOR_KIND_LABELS } from '../../../../server/src/contractors/labels.js';

const REFRESH = [['contractors']];

export function ContractorAdmin() {
  const staff = useStaff();
  const mayManage = mayAny(staff, ['manage_contractors']);
  const contractors = useQuery({ queryKey: ['contractors', 'list'], queryFn: listContractors });
  const [adding, setAdding] = useState<'contractor' | Contractor | null>(null);
  const end = useSave(({ contractorId, areaId }: { contractorId: number; areaId: number }) => endContractedArea(contractorId, areaId), REFRESH, '合同区域已终止，此后立案的案件不再扣减');
  const areaText = (area: ContractedArea) => `${AREA_LEVEL_LABELS[area.areaLevel]} ${area.areaName ?? area.areaCode}`;
  return (
    <Card
      size="small"
      title="承包单位与合同区域"
      extra={
        mayManage && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding('contractor')}>
            新增承包单位
          </Button>
        )
      }
    >
      <QueryState query={contractors} isEmpty={(rows) => rows.length === 0} emptyText="尚未登记承包单位">
        {(rows) => (
          <Table<Contractor>
            size="small"
            rowKey="id"
            dataSource={rows}
            pagination={false}
            columns={[
              { title: '承包单位', dataIndex: 'name', width: 220 },
              { title: '类型', dataIndex: 'kind', width: 110, render: (kind: Contractor['kind']) => <Tag>{CONTRACTOR_KIND_LABELS[kind]}</Tag> },
              {
                title: '合同区域（类别）',
                render: (_, contractor) => (
                  <Space direction="vertical" size={2}>
                    {contractor.areas.map((area) => (
                      <Space key={area.id} size={4}>
                        <span>{areaText(area)}</span>
                        <Tag>{area.categoryName ?? '全部类别'}</Tag>
                        <span style={{ color: '#888' }}>
                          {formatTime(area.validFrom, 'YYYY-MM-DD')} 起{area.validUntil ? `，${formatTime(area.validUntil, 'YYYY-MM-DD')} 止` : ''}
                        </span>
                        {mayManage && !area.validUntil && (
                          <Popconfirm title="终止该合同区域？" description="此后立案的案件不再扣减该单位。" okText="终止" cancelText="取消" onConfirm={() => end.mutate({ contractorId: contractor.id, areaId: area.id })}>
                            <Button size="small" type="link" danger>
                              终止
                            </Button>
                          </Popconfirm>
                        )}
                      </Space>
                    ))}
                  </Space>
                ),
              },
              {
                title: '',
                width: 110,
                render: (_, contractor) =>
                  mayManage && (
                    <Button size="small" onClick={() => setAdding(contractor)}>
                      添加区域
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </QueryState>
      {adding === 'contractor' && <ContractorForm onClose={() => setAdding(null)} />}
      {adding && adding !== 'contractor' && <AreaForm contractor={adding} onClose={() => setAdding(null)} />}
    </Card>
  );
}

function ContractorForm({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<NewContractor>();
  const save = useSave((contractor: NewContractor) => createContractor(contractor), REFRESH, '承包单位已添加', onClose);
  return (
    <Modal open title="新增承包单位" okText="保存" cancelText="取消" onOk={() => form.submit()} onCancel={onClose} confirmLoading={save.isPending} destroyOnHidden>
      <Form<NewContractor> form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item name="name" label="单位名称" rules={[{ required: true, whitespace: true, min: 2, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="kind" label="类型" rules={[{ required: true, message: '选择类型' }]}>
          <Select options={Object.entries(CONTRACTOR_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface AreaValues extends Omit<NewContractedArea, 'validFrom' | 'categoryCode'> {
  categoryCode?: string;
  validFrom: Dayjs;
}

function AreaForm({ contractor, onClose }: { contractor: Contractor; onClose: () => void }) {
  const [form] = Form.useForm<AreaValues>();
  const categories = useCategories();
  const save = useSave(
    ({ validFrom, categoryCode, ...area }: AreaValues) => addContractedArea(contractor.id, { ...area, categoryCode: categoryCode ?? null, validFrom: validFrom.toISOString() }),
    REFRESH,
    '合同区域已添加',
    onClose,
  );
  return (
    <Modal open title={`为 ${contractor.name} 添加合同区域`} okText="保存" cancelText="取消" onOk={() => form.submit()} onCancel={onClose} confirmLoading={save.isPending} destroyOnHidden>
      <Form<AreaValues> form={form} layout="vertical" initialValues={{ areaLevel: 'grid', validFrom: dayjs().add(1, 'day').startOf('day') }} onFinish={(values) => save.mutate(values)}>
        <Form.Item name="areaLevel" label="区域层级" rules={[{ required: true }]}>
          <Select options={Object.entries(AREA_LEVEL_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="areaCode" label="区域代码（网格 14 位、社区 12 位、街道 9 位）" rules={[{ required: true, pattern: /^\d{9,20}$/, message: '填写数字代码' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="categoryCode" label="案件类别（不选为全部类别）">
          <Select allowClear showSearch optionFilterProp="label" options={categories.data?.map((category) => ({ value: category.code, label: `${category.code} ${category.name}` }))} />
        </Form.Item>
        <Form.Item name="validFrom" label="生效时间" rules={[{ required: true }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(day) => day.isBefore(dayjs().startOf('day'))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
