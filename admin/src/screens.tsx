/**
 * The console's screens and who sees them. A screen is in the menu when the signed-in person's
 * roles may take any of its actions under the server's policy table.
 */
import { lazy, type ComponentType, type ReactNode } from 'react';
import { AccountBookOutlined, AuditOutlined, BarChartOutlined, CustomerServiceOutlined, DashboardOutlined, FileSearchOutlined, GiftOutlined, InboxOutlined, SendOutlined, SettingOutlined, ToolOutlined } from '@ant-design/icons';
import type { PolicyAction } from './api/contract';

export interface Screen {
  path: string;
  label: string;
  icon: ReactNode;
  requires: readonly PolicyAction[];
  component: ComponentType;
}

export const SCREENS: Screen[] = [
  {
    path: 'overview',
    label: '总览',
    icon: <DashboardOutlined />,
    requires: ['view_overview'],
    component: lazy(() => import('./pages/overview/overview-page')),
  },
  {
    path: 'intake',
    label: '受理台',
    icon: <InboxOutlined />,
    requires: ['accept', 'register', 'reject'],
    component: lazy(() => import('./pages/intake/intake-desk')),
  },
  {
    path: 'dispatch',
    label: '派遣',
    icon: <SendOutlined />,
    requires: ['dispatch', 'approve_extension', 'supervise', 'unhang'],
    component: lazy(() => import('./pages/dispatch/dispatch-desk')),
  },
  {
    path: 'department',
    label: '部门处置',
    icon: <ToolOutlined />,
    requires: ['handle'],
    component: lazy(() => import('./pages/department/department-desk')),
  },
  {
    path: 'verification',
    label: '核查',
    icon: <AuditOutlined />,
    requires: ['close', 'rework', 'report_verification'],
    component: lazy(() => import('./pages/verification/verification-desk')),
  },
  {
    path: 'hotline',
    label: '热线坐席',
    icon: <CustomerServiceOutlined />,
    requires: ['handle_hotline'],
    component: lazy(() => import('./pages/hotline/agent-desk')),
  },
  {
    path: 'hotline-reports',
    label: '热线报表',
    icon: <BarChartOutlined />,
    requires: ['view_hotline_reports'],
    component: lazy(() => import('./pages/hotline/hotline-reports')),
  },
  {
    path: 'cases',
    label: '案件查询',
    icon: <FileSearchOutlined />,
    requires: ['list_cases'],
    component: lazy(() => import('./pages/cases/case-search')),
  },
  {
    path: 'settlement',
    label: '结算',
    icon: <AccountBookOutlined />,
    requires: ['view_settlement'],
    component: lazy(() => import('./pages/finance/settlement-page')),
  },
  {
    path: 'reward-rules',
    label: '奖励规则',
    icon: <GiftOutlined />,
    requires: ['manage_reward_rules'],
    component: lazy(() => import('./pages/finance/reward-rules-page')),
  },
  {
    path: 'system',
    label: '系统管理',
    icon: <SettingOutlined />,
    requires: ['manage_staff', 'manage_templates', 'manage_taxonomy', 'manage_dispatch_rules', 'manage_calendar', 'read_audit_log'],
    component: lazy(() => import('./pages/system/system-page')),
  },
];
