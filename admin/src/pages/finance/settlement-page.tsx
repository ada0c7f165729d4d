/**
 * 结算: the monthly settlement batches and the contractors' deductions; one batch's review,
 * approval, payment and exports on a page of its own.
 */
import { Route, Routes } from 'react-router-dom';
import { Tabs } from 'antd';
import { BatchDetail } from './batch-detail';
import { BatchList } from './batch-list';
import { ContractorDeductions } from './contractor-deductions';

function SettlementTabs() {
  return (
    <Tabs
      destroyOnHidden
      style={{ background: '#fff', padding: '0 12px 12px' }}
      items={[
        { key: 'batches', label: '结算批次', children: <BatchList /> },
        { key: 'contractors', label: '承包单位扣减', children: <ContractorDeductions /> },
      ]}
    />
  );
}

export default function SettlementPage() {
  return (
    <Routes>
      <Route index element={<SettlementTabs />} />
      <Route path=":batchId" element={<BatchDetail />} />
    </Routes>
  );
}
