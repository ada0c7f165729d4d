/** A new rule version, filled in 元 from the version in force; amounts go to the server in 分. */
import { Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { RewardRules } from '../../api/contract';
import { addRuleVersion } from '../../api/finance';
import { useCategories } from '../../api/hooks';
import { useSave } from '../../components/use-save';
import { FormRows } from '../../components/form-rows';
import { SOURCE_LABELS } from '../../labels';
import { fenToYuan, yuanToFen } from './money';

interface CategoryAmount {
  categoryCode: string;
  yuan: number;
}

interface Values {
  effectiveFrom: Dayjs;
  baseYuan: number;
  categoryBase: CategoryAmount[];
  firstReportBonus: CategoryAmount[];
  confirmationBonusYuan: number;
  dailyCapYuan: number | null;
  monthlyCapYuan: number | null;
  monthlyPoolYuan: number | null;
  excludedSources: RewardRules['excludedSources'];
  note: string;
}

const toAmounts = (map: Record<string, number>): CategoryAmount[] => Object.entries(map).map(([categoryCode, fen]) => ({ categoryCode, yuan: fenToYuan(fen) }));
const toMap = (amounts: CategoryAmount[] = []) => Object.fromEntries(amounts.map((amount) => [amount.categoryCode, yuanToFen(amount.yuan)]));
const orNull = (yuan: number | null | undefined) => (yuan === null || yuan === undefined ? null : yuanToFen(yuan));

function toRules(values: Values): RewardRules {
  return {
    baseFen: yuanToFen(values.baseYuan),
    categoryBaseFen: toMap(values.categoryBase),
    firstReportBonusFen: toMap(values.firstReportBonus),
    confirmationBonusFen: yuanToFen(values.confirmationBonusYuan ?? 0),
    dailyCapFen: orNull(values.dailyCapYuan),
    monthlyCapFen: orNull(values.monthlyCapYuan),
    monthlyPoolFen: orNull(values.monthlyPoolYuan),
    excludedSources: values.excludedSources ?? [],
  };
}

function initialValues(base: RewardRules | undefined): Partial<Values> {
  const startOfTomorrow = dayjs().add(1, 'day').startOf('day');
  if (!base) return { effectiveFrom: startOfTomorrow, baseYuan: 2, categoryBase: [], firstReportBonus: [], confirmationBonusYuan: 0, excludedSources: [], note: '' };
  return {
    effectiveFrom: startOfTomorrow,
    baseYuan: fenToYuan(base.baseFen),
    categoryBase: toAmounts(base.categoryBaseFen),
    firstReportBonus: toAmounts(base.firstReportBonusFen),
    confirmationBonusYuan: fenToYuan(base.confirmationBonusFen),
    dailyCapYuan: base.dailyCapFen === null ? null : fenToYuan(base.dailyCapFen),
    monthlyCapYuan: base.monthlyCapFen === null ? null : fenToYuan(base.monthlyCapFen),
    monthlyPoolYuan: base.monthlyPoolFen === null ? null : fenToYuan(base.monthlyPoolFen),
    excludedSources: base.excludedSources,
    note: '',
  };
}

export function RuleVersionForm({ base, onClose }: { base: RewardRules | undefined; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const save = useSave(
    (values: Values) => addRuleVersion({ effectiveFrom: values.effectiveFrom.toISOString(), rules: toRules(values), note: values.note ?? '' }),
    [['reward-rules']],
    '新规则版本已保存，将于生效时间起适用',
    onClose,
  );
  const yuan = { min: 0, precision: 2, addonAfter: '元', style: { width: 160 } };
  return (
    <Modal open width={760} title="新增奖励规则版本" okText="保存" cancelText="取消" onOk={() => form.submit()} onCancel={onClose} confirmLoading={save.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">已产生的奖励保留原规则版本；新版本只对生效时间之后立案的案件适用。上限与奖池留空表示不限。</Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" initialValues={initialValues(base)} onFinish={(values) => save.mutate(values)}>
        <Form.Item name="effectiveFrom" label="生效时间（北京时间）" rules={[{ required: true, message: '选择生效时间' }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(day) => day.isBefore(dayjs().startOf('day'))} />
        </Form.Item>
        <Form.Item name="baseYuan" label="每件有效案件（立案）奖励" rules={[{ required: true, message: '填写金额' }]}>
          <InputNumber {...yuan} />
        </Form.Item>
        <CategoryAmounts name="categoryBase" label="按类别的基础奖励（替代上面的金额）" />
        <CategoryAmounts name="firstReportBonus" label="首报奖励（如 私搭乱建 首次举报）" />
        <Form.Item name="confirmationBonusYuan" label="确认整改奖励（首报人结案后评价，0 为不发）">
          <InputNumber {...yuan} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="dailyCapYuan" label="每人每日上限">
            <InputNumber {...yuan} placeholder="不限" />
          </Form.Item>
          <Form.Item name="monthlyCapYuan" label="每人每月上限">
            <InputNumber {...yuan} placeholder="不限" />
          </Form.Item>
          <Form.Item name="monthlyPoolYuan" label="月度奖池">
            <InputNumber {...yuan} placeholder="不限" />
          </Form.Item>
        </Space>
        <Form.Item name="excludedSources" label="不奖励的举报来源">
          <Checkbox.Group options={Object.entries(SOURCE_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="note" label="说明" rules={[{ max: 200 }]}>
          <Input placeholder="如：依据 2026 年有奖举报办法调整" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CategoryAmounts({ name, label }: { name: 'categoryBase' | 'firstReportBonus'; label: string }) {
  const categories = useCategories();
  return (
    <FormRows name={name} label={label} addLabel="添加类别" removeLabel="删除此类别">
      {(row) => (
        <>
          <Form.Item name={[row, 'categoryCode']} rules={[{ required: true, message: '选择类别' }]} noStyle>
            <Select
              showSearch
              optionFilterProp="label"
              placeholder="案件类别"
              style={{ width: 260 }}
              loading={categories.isPending}
              options={categories.data?.map((category) => ({ value: category.code, label: `${category.code} ${category.name}` }))}
            />
          </Form.Item>
          <Form.Item name={[row, 'yuan']} rules={[{ required: true, message: '填写金额' }]} noStyle>
            <InputNumber min={0} precision={2} addonAfter="元" style={{ width: 160 }} />
          </Form.Item>
        </>
      )}
    </FormRows>
  );
}
