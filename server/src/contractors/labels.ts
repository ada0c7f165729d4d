/** Chinese words for contractors, shared by the statement export and the console (imported as code). */
import type { ContractedAreaLevel, ContractorKind } from '../db/schema.js';

export const CONTRACTOR_KIND_LABELS: Record<ContractorKind, string> = { cleaning: '保洁公司', collection: '信息采集公司' };
export const AREA_LEVEL_LABELS: Record<ContractedAreaLevel, string> = { grid: '单元网格', community: '社区', street: '街道' };
export const DEDUCTION_KIND_LABELS: Record<'deduction' | 'reversal', string> = { deduction: '扣减', reversal: '冲回' };
