/** A contractor's monthly deduction statement as a workbook: every deduction and reversal, and the net. */
import { recordAudit } from '../audit/record-audit.js';
import type { StaffActor } from '../auth/tokens.js';
import { writeWorkbook, yuan } from '../http/xlsx.js';
import { beijingDateTime, monthRange } from '../rewards/rules.js';
import type { Services } from '../services.js';
import { AREA_LEVEL_LABELS, CONTRACTOR_KIND_LABELS, DEDUCTION_KIND_LABELS } from './labels.js';
import { deductionsOf } from './queries.js';

interface Props {
  actor: StaffActor;
  ip: string;
  contractor: { id: number; name: string; kind: 'cleaning' | 'collection' };
  month: string;
}

const COLUMNS = [
  { header: '序号' },
  { header: '案件编号' },
  { header: '立案/冲回时间', width: 20 },
  { header: '类型' },
  { header: '案件类别', width: 16 },
  { header: '街道', width: 12 },
  { header: '单元网格', width: 18, text: true },
  { header: '合同区域', width: 24 },
  { header: '金额(元)' },
];

/** Builds the statement of the month (the month of each 立案, or of a reversal), audited. */
export async function exportDeductionStatement(services: Services, { actor, ip, contractor, month }: Props): Promise<Buffer> {
  const entries = await deductionsOf(services.db, contractor.id, monthRange(month));
  await recordAudit(services.db, {
    at: services.clock.now(),
    staffId: actor.staffId,
    username: actor.username,
    action: 'contractor.statement_exported',
    targetType: 'contractor',
    targetId: contractor.id,
    ip,
    details: { month, entries: entries.length },
  });
  const net = entries.reduce((total, entry) => total + entry.amountFen, 0);
  return writeWorkbook([
    {
      name: `${month} 扣减明细`,
      columns: COLUMNS,
      rows: entries.map((entry, index) => [
          index + 1,
          entry.caseId,
          beijingDateTime(entry.occurredAt),
          DEDUCTION_KIND_LABELS[entry.kind],
          entry.categoryName ?? entry.categoryCode,
          entry.streetName ?? entry.streetCode,
          entry.gridCode,
          `${AREA_LEVEL_LABELS[entry.areaLevel]} ${entry.areaCode}`,
          yuan(entry.amountFen),
        ]),
      footer: [[`${contractor.name}（${CONTRACTOR_KIND_LABELS[contractor.kind]}）合计`, `扣减 ${entries.filter((entry) => entry.kind === 'deduction').length} 件`, '', `冲回 ${entries.filter((entry) => entry.kind === 'reversal').length} 件`, '', '', '', '应扣金额', yuan(net)]],
    },
  ]);
}
