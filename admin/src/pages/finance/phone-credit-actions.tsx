/**
 * 话费: the carrier's list as .xlsx (its lines become 发放中), and the carrier's returned sheet
 * with 成功/失败 per line read back in.
 */
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space, Upload } from 'antd';
import type { SettlementBatch } from '../../api/contract';
import { downloadPhoneCredit, importPhoneCreditResults } from '../../api/finance';
import { useSave } from '../../components/use-save';
import { useDownload } from './use-download';

export function PhoneCreditActions({ batch }: { batch: SettlementBatch }) {
  const queryClient = useQueryClient();
  const { modal } = App.useApp();
  const exportList = useDownload(() => downloadPhoneCredit(batch), () => queryClient.invalidateQueries({ queryKey: ['settlement'] }));
  const importResults = useSave((file: Blob) => importPhoneCreditResults(batch.id, file), [['settlement']], '充值结果已导入', ({ results }) => {
    if (results.ignored.length > 0) modal.warning({ title: '部分行未处理', content: `行号 ${results.ignored.join('、')} 不是待确认的话费线路，已忽略。` });
  });
  return (
    <Space>
      <Popconfirm title="导出话费充值清单？" description="清单含完整手机号（操作留痕）；导出的线路变为“发放中”，待导入运营商结果。" okText="导出" cancelText="取消" onConfirm={() => exportList.mutate()}>
        <Button loading={exportList.isPending}>导出话费充值清单</Button>
      </Popconfirm>
      {batch.status === 'paying' && (
        <Upload
          accept=".xlsx"
          showUploadList={false}
          beforeUpload={(file) => {
            importResults.mutate(file);
            return false;
          }}
        >
          <Button loading={importResults.isPending}>导入充值结果</Button>
        </Upload>
      )}
    </Space>
  );
}
