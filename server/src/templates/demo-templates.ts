import type { Db } from '../db/database.js';
import { hasAnyTemplate, insertTemplates } from './queries.js';
import type { TemplateAction } from './schemas.js';

interface DemoTemplate {
  action: TemplateAction;
  categoryCode?: string;
  texts: string[];
}

/** Phrases a 数字城管 centre uses every day, per action; a few only for one category. */
const DEMO_TEMPLATES: DemoTemplate[] = [
  { action: 'accept', texts: ['信息完整，予以受理'] },
  { action: 'request_verification', texts: ['请核查员到现场核实问题是否属实', '请现场核实具体位置'] },
  { action: 'register', texts: ['经核实问题属实，予以立案', '类别已更正，予以立案'] },
  {
    action: 'reject',
    texts: [
      '不属于城管受理范围',
      '重复举报，已有案件在处理',
      '信息不全，无法核实',
      '位置不在本区服务范围',
      '经现场核实，问题不存在',
      '照片与描述不符',
    ],
  },
  { action: 'dispatch', texts: ['请按时限处置并上传处置后照片', '情况紧急，请优先处置'] },
  { action: 'return', texts: ['不属于本单位职责', '位置信息有误，无法找到现场', '案件类别有误，请重新派遣'] },
  { action: 'rework', texts: ['现场仍未处理完毕', '处置照片不清晰，无法确认', '处置照片与案发位置不符'] },
  { action: 'void', texts: ['重复案件，已合并处理', '举报人撤回，经核实无需处置', '误报，现场无此问题'] },
  { action: 'hang', texts: ['涉及拆迁规划，需长期协调', '需专项资金解决，已纳入年度计划'] },
  { action: 'urge', texts: ['案件即将超时，请尽快处置'] },
  { action: 'supervise', texts: ['案件已超时，请立即处置并反馈', '同一问题多次举报，请重点处置'] },
  { action: 'handle', texts: ['已清理完毕', '已修复', '已整改到位'] },
  { action: 'handle', categoryCode: 'E0102', texts: ['暴露垃圾已清运完毕，现场已恢复整洁'] },
  { action: 'handle', categoryCode: 'C0102', texts: ['已更换破损井盖', '已补齐缺失井盖并设置警示'] },
  { action: 'handle', categoryCode: 'E0502', texts: ['已劝导商户退回店内经营'] },
  { action: 'handle', categoryCode: 'E0504', texts: ['已通知车主驶离', '已依法贴单处罚'] },
  { action: 'close', texts: ['现场核查已处置完毕，予以结案'] },
  { action: 'any', texts: ['已电话联系举报人核实情况'] },
];

/**
 * Seeds the demo city's 常用语 into an empty table only: once administrators have templates,
 * the ones they changed or deleted are not brought back at the next boot. Two processes
 * seeding at once skip each other's rows (the unique index).
 */
export async function seedDemoTemplates(db: Db, now: Date): Promise<void> {
  if (await hasAnyTemplate(db)) return;
  const rows = DEMO_TEMPLATES.flatMap(({ action, categoryCode, texts }) =>
    texts.map((text, index) => ({ action, categoryCode: categoryCode ?? null, text, sortOrder: (index + 1) * 10, createdBy: null, createdAt: now })),
  );
  await insertTemplates(db, rows);
}
