import { useQuery } from '@tanstack/react-query';
import { DatePicker, Form, Input, Modal, Spin } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { fetchCalendarYear, saveCalendarYear } from '../../api/system';
import { useSave } from '../../components/use-save';
import { FormRows } from '../../components/form-rows';

interface DayValue {
  date: Dayjs;
  name?: string | null;
}

interface Values {
  source: string;
  holidays: DayValue[];
  makeupWorkdays: DayValue[];
}

const toEntry = (values: Values) => ({
  source: values.source,
  holidays: values.holidays.map((day) => ({ date: day.date.format('YYYY-MM-DD'), name: day.name ?? '' })),
  makeupWorkdays: values.makeupWorkdays.map((day) => ({ date: day.date.format('YYYY-MM-DD'), name: day.name || null })),
});

/** One year's schedule: every day off (weekend days inside a holiday included) and the 调休 working weekends. */
export function CalendarYearForm({ year, entered, onClose }: { year: number; entered: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const existing = useQuery({ queryKey: ['calendar', 'year', year], queryFn: () => fetchCalendarYear(year), enabled: entered });
  const save = useSave((values: Values) => saveCalendarYear(year, toEntry(values)), [['calendar']], `${year} 年安排已保存`, onClose);
  const initialValues: Values | undefined = existing.data
    ? {
        source: existing.data.source,
        holidays: existing.data.holidays.map((day) => ({ date: dayjs(day.date), name: day.name })),
        makeupWorkdays: existing.data.makeupWorkdays.map((day) => ({ date: dayjs(day.date), name: day.name })),
      }
    : { source: `国务院办公厅关于${year}年部分节假日安排的通知`, holidays: [], makeupWorkdays: [] };
  return (
    <Modal open width={720} title={`${year} 年节假日安排`} okText="保存" cancelText="取消" onOk={() => form.submit()} onCancel={onClose} confirmLoading={save.isPending} destroyOnHidden>
      {entered && existing.isPending ? (
        <Spin />
      ) : (
        <Form<Values> form={form} layout="vertical" initialValues={initialValues} onFinish={(values) => save.mutate(values)}>
          <Form.Item name="source" label="依据（通知名称）" rules={[{ required: true, min: 2 }]}>
            <Input />
          </Form.Item>
          <DayList name="holidays" label="放假日（含假期中的周末）" year={year} nameRequired />
          <DayList name="makeupWorkdays" label="调休上班日（须为周六或周日）" year={year} />
        </Form>
      )}
    </Modal>
  );
}

function DayList({ name, label, year, nameRequired = false }: { name: keyof Values; label: string; year: number; nameRequired?: boolean }) {
  return (
    <FormRows name={name} label={label} addLabel="添加一天" removeLabel="删除此日" newRow={() => ({ date: dayjs(`${year}-01-01`) })}>
      {(row) => (
        <>
          <Form.Item name={[row, 'date']} rules={[{ required: true, message: '选择日期' }]} noStyle>
            <DatePicker disabledDate={(day) => day.year() !== year} />
          </Form.Item>
          <Form.Item name={[row, 'name']} rules={[{ required: nameRequired, message: '填写节日名称' }]} noStyle>
            <Input placeholder="节日名称，如 春节" style={{ width: 200 }} />
          </Form.Item>
        </>
      )}
    </FormRows>
  );
}
