/**
 * Chinese words of the console. Status and action labels are the server's own
 * (workflow/transitions.ts, imported as code); the rest are typed against the server's unions,
 * so a new role or stage does not compile until it has a label.
 */
import type { CaseReport, Deadline, Light, StaffRole } from './api/contract';

export { ACTION_LABELS, STATUS_LABELS } from '../../server/src/workflow/transitions.js';

export const ROLE_LABELS: Record<StaffRole, string> = {
  reviewer: '受理员',
  dispatcher: '派遣员',
  department: '处置部门',
  verifier: '核查员',
  supervisor: '值班长',
  agent: '话务员',
  finance: '财务',
  admin: '系统管理员',
};

export const LIGHT_LABELS: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯', none: '未计时' };
export const LIGHT_COLORS: Record<Light, string> = { green: '#52c41a', yellow: '#faad14', red: '#f5222d', none: '#bfbfbf' };

export const STAGE_LABELS: Record<Deadline['stage'], string> = { accept: '受理', register: '立案', dispatch: '派遣', handle: '处置' };
export const CLOCK_KIND_LABELS: Record<Deadline['kind'], string> = { working: '工作时', natural: '自然时' };

export const SOURCE_LABELS: Record<CaseReport['source'], string> = { miniapp: '随手拍', hotline: '12319 热线' };

export const CATEGORY_KIND_LABELS: Record<'component' | 'event', string> = { component: '部件', event: '事件' };
