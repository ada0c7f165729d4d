/** The batch's payouts as a workbook: every line (masked payees), and the month's totals per street and category. */
import { recordAudit } from '../audit/record-audit.js';
import type { StaffActor } from '../auth/tokens.js';
import { writeWorkbook, yuan, type Sheet } from '../http/xlsx.js';
import { beijingDateTime, monthRange } from '../rewards/rules.js';
import type { Services } from '../services.js';
import { CHANNEL_LABELS, LINE_STATUS_LABELS } from './labels.js';
import { presentLine } from './present.js';
import { allLines, earningsBy, type BatchRow, type LineFilter } from './queries.js';

interface Props {
  actor: StaffActor;
  ip: string;
  batch: BatchRow;
  filter: LineFilter;
}

const LINE_COLUMNS = [
  { header: '行号' },
  { header: '市民编号' },
  { header: '发放渠道' },
  { header: '状态' },
  { header: '金额(元)' },
  { header: '当月奖励次数' },
  { header: '微信 openid（脱敏）', width: 22 },
  { header: '手机号（脱敏）', width: 16 },
  { header: '凭证号/流水号', width: 20 },
  { header: '剔除原因', width: 24 },
  { header: '失败原因', width: 24 },
  { header: '发放时间', width: 20 },
];

function totalsSheet(name: string, label: string, rows: Awaited<ReturnType<typeof earningsBy>>): Sheet {
  return {
    name,
    columns: [{ header: `${label}代码`, width: 14, text: true }, { header: label, width: 16 }, { header: '奖励次数' }, { header: '净奖励(元)' }],
    rows: rows.map((row) => [row.code, row.name, row.rewards, yuan(row.amountFen)]),
  };
}

/**
 * Builds the export of the lines the filter keeps, as finance sees them on screen (openids and
 * phone numbers masked; only the carrier's list has full numbers). Audited with its filter.
 */
export async function exportPayouts(services: Services, { actor, ip, batch, filter }: Props): Promise<Buffer> {
  const month = monthRange(batch.month);
  const [lines, byStreet, byCategory] = await Promise.all([
    allLines(services.db, batch.id, filter),
    earningsBy(services.db, batch.id, 'street', month),
    earningsBy(services.db, batch.id, 'category', month),
  ]);
  await recordAudit(services.db, {
    at: services.clock.now(),
    staffId: actor.staffId,
    username: actor.username,
    action: 'settlement.payouts_exported',
    targetType: 'settlement_batch',
    targetId: batch.id,
    ip,
    details: { filter, lines: lines.length },
  });
  const presented = lines.map(presentLine);
  return writeWorkbook([
    {
      name: `${batch.month} 发放明细`,
      columns: LINE_COLUMNS,
      rows: presented.map((line) => [
        line.id,
        line.citizenId,
        CHANNEL_LABELS[line.channel],
        LINE_STATUS_LABELS[line.status],
        yuan(line.amountFen),
        line.rewardCount,
        line.openid,
        line.phone,
        line.voucherNo,
        line.excludedReason,
        line.failure,
        line.paidAt ? beijingDateTime(new Date(line.paidAt)) : null,
      ]),
      footer: [['合计', `${presented.length} 行`, '', '', yuan(presented.reduce((total, line) => total + line.amountFen, 0))]],
    },
    totalsSheet('按街道汇总', '街道', byStreet),
    totalsSheet('按类别汇总', '类别', byCategory),
  ]);
}
