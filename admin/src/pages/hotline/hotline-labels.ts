/** The hotline's words on screen, typed against the server's unions. */
import type { HotlineTicket } from '../../api/contract';

export { OUTCOME_LABELS } from '../../../../server/src/hotline/present.js';

export const MENU_LABELS: Record<string, string> = { '1': '1 反映问题', '2': '2 查询进度', '0': '0 人工服务', invalid: '无效按键', timeout: '未按键' };

export const TICKET_STATUS_LABELS: Record<HotlineTicket['status'], string> = { open: '待录入', completed: '已录入' };

export const TICKET_CREATOR_LABELS: Record<HotlineTicket['createdBy'], string> = { ivr: '语音留言', staff: '坐席创建' };
