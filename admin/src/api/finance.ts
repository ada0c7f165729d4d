/** Finance: settlement batches, their review, approval, payment and exports; reward rules and exclusions. */
import { api, downloadFile, type QueryValue } from './client';
import type {
  BatchReview,
  Contractor,
  ContractorDeduction,
  ContractorMonthTotal,
  NewContractedArea,
  NewContractor,
  BillState,
  LineFilter,
  Page,
  PaymentProgress,
  PayoutLine,
  Reconciliation,
  RewardExclusion,
  RewardRules,
  RewardRuleVersion,
  SettlementBatch,
  TransferBill,
} from './contract';

const batchPath = (batchId: number) => `/settlement/batches/${batchId}`;

export const listBatches = () => api.get<{ batches: SettlementBatch[] }>('/settlement/batches').then((body) => body.batches);
export const createBatch = (month: string) => api.post<{ batch: SettlementBatch; created: boolean }>('/settlement/batches', { month });
export const fetchBatchReview = (batchId: number, outliers: { outlierMinRewards: number; outlierMinDeviceReports: number }) =>
  api.get<BatchReview>(batchPath(batchId), outliers);
export const fetchProgress = (batchId: number) => api.get<{ progress: PaymentProgress }>(`${batchPath(batchId)}/progress`).then((body) => body.progress);

export const listLines = (batchId: number, query: LineFilter & { page: number; pageSize: number }) =>
  api.get<Page & { lines: PayoutLine[] }>(`${batchPath(batchId)}/lines`, { ...query });
export const excludeLine = (batchId: number, lineId: number, reason: string) =>
  api.post<{ line: PayoutLine }>(`${batchPath(batchId)}/lines/${lineId}/exclude`, { reason });
export const payManually = (batchId: number, lineId: number, voucherNo: string) =>
  api.post<{ line: PayoutLine }>(`${batchPath(batchId)}/lines/${lineId}/manual-payment`, { voucherNo });

export const approveBatch = (batchId: number) => api.post<{ batch: SettlementBatch }>(`${batchPath(batchId)}/approve`);
export const sendBackBatch = (batchId: number, reason: string) => api.post<{ batch: SettlementBatch }>(`${batchPath(batchId)}/send-back`, { reason });
export const runPayment = (batchId: number) => api.post<{ batch: SettlementBatch }>(`${batchPath(batchId)}/run`);

export const listBills = (batchId: number, query: { state?: BillState; page: number; pageSize: number }) =>
  api.get<Page & { bills: TransferBill[] }>(`${batchPath(batchId)}/bills`, query);
export const cancelBill = (batchId: number, outBillNo: string) =>
  api.post<{ bill: { outBillNo: string; state: BillState } }>(`${batchPath(batchId)}/bills/${outBillNo}/cancel`);

export const fetchReconciliation = (batchId: number) =>
  api.get<{ reconciliation: Reconciliation }>(`${batchPath(batchId)}/reconciliation`).then((body) => body.reconciliation);

export const downloadPayouts = (batch: SettlementBatch, filter: LineFilter) =>
  downloadFile(`${batchPath(batch.id)}/payouts.xlsx`, `奖励发放明细-${batch.month}.xlsx`, { ...filter } as Record<string, QueryValue>);
/** The carrier's list; the exported lines become 发放中 until their results are imported. */
export const downloadPhoneCredit = (batch: SettlementBatch) => downloadFile(`${batchPath(batch.id)}/phone-credit.xlsx`, `话费充值清单-${batch.month}.xlsx`);
/** Sent as .xlsx whatever type the browser guessed for the file. */
export const importPhoneCreditResults = (batchId: number, workbook: Blob) =>
  api.uploadFile<{ results: { paid: number; failed: number; ignored: number[] } }>(
    `${batchPath(batchId)}/phone-credit-results`,
    new Blob([workbook], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
  );

export const listRuleVersions = () => api.get<{ versions: RewardRuleVersion[] }>('/reward-rules').then((body) => body.versions);
export const addRuleVersion = (version: { effectiveFrom: string; rules: RewardRules; note: string }) =>
  api.post<{ version: RewardRuleVersion }>('/reward-rules', version);

export const listExclusions = (query: { page: number; pageSize: number }) => api.get<Page & { exclusions: RewardExclusion[] }>('/reward-exclusions', query);
export const excludeCitizen = (citizenId: number, exclusion: { kind: RewardExclusion['kind']; reason: string }) =>
  api.put<{ exclusion: unknown }>(`/reward-exclusions/${citizenId}`, exclusion);
export const readmitCitizen = (citizenId: number) => api.delete<void>(`/reward-exclusions/${citizenId}`);

export const listContractors = () => api.get<{ contractors: Contractor[] }>('/contractors').then((body) => body.contractors);
export const createContractor = (contractor: NewContractor) => api.post<{ contractor: Contractor }>('/contractors', contractor);
/** `validFrom` as an ISO instant (the server takes it as a date). */
export const addContractedArea = (contractorId: number, area: Omit<NewContractedArea, 'validFrom'> & { validFrom: string }) =>
  api.post<{ contractor: Contractor }>(`/contractors/${contractorId}/areas`, area);
export const endContractedArea = (contractorId: number, areaId: number) => api.post<{ contractor: Contractor }>(`/contractors/${contractorId}/areas/${areaId}/end`);
export const fetchDeductionTotals = (month: string) => api.get<{ totals: ContractorMonthTotal[] }>('/contractors/deductions', { month }).then((body) => body.totals);
export const fetchDeductions = (contractorId: number, month: string) =>
  api.get<{ deductions: ContractorDeduction[] }>(`/contractors/${contractorId}/deductions`, { month }).then((body) => body.deductions);
export const downloadDeductionStatement = (contractor: { contractorId: number; name: string }, month: string) =>
  downloadFile(`/contractors/${contractor.contractorId}/deductions.xlsx`, `${contractor.name}-扣减对账单-${month}.xlsx`, { month });
