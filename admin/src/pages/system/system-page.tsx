/** 系统管理: each tab is shown to the roles that may change what it holds. */
import { Tabs } from 'antd';
import type { PolicyAction } from '../../api/contract';
import { mayAny } from '../../auth/permissions';
import { useStaff } from '../../auth/session';
import { AuditLog } from './audit-log';
import { CalendarAdmin } from './calendar-admin';
import { CategoryAdmin } from './category-admin';
import { DepartmentAdmin } from './department-admin';
import { DispatchRuleAdmin } from './dispatch-rule-admin';
import { StaffAdmin } from './staff-admin';
import { TemplateAdmin } from './template-admin';

const TABS: Array<{ key: string; label: string; requires: PolicyAction; children: React.ReactNode }> = [
  { key: 'staff', label: '人员与角色', requires: 'manage_staff', children: <StaffAdmin /> },
  { key: 'templates', label: '常用语', requires: 'manage_templates', children: <TemplateAdmin /> },
  { key: 'departments', label: '处置单位', requires: 'manage_taxonomy', children: <DepartmentAdmin /> },
  { key: 'categories', label: '案件类别', requires: 'manage_taxonomy', children: <CategoryAdmin /> },
  { key: 'dispatch-rules', label: '派遣规则', requires: 'manage_dispatch_rules', children: <DispatchRuleAdmin /> },
  { key: 'calendar', label: '节假日', requires: 'manage_calendar', children: <CalendarAdmin /> },
  { key: 'audit', label: '审计日志', requires: 'read_audit_log', children: <AuditLog /> },
];

export default function SystemPage() {
  const staff = useStaff();
  return <Tabs destroyOnHidden items={TABS.filter((tab) => mayAny(staff, [tab.requires]))} style={{ background: '#fff', padding: '0 12px 12px' }} />;
}
