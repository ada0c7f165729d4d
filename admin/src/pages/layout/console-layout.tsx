import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { Button, Layout, Menu, Space, Typography } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { useSession, useStaff } from '../../auth/session';
import { ROLE_LABELS } from '../../labels';
import type { Screen } from '../../screens';

export function ConsoleLayout({ screens, children }: { screens: Screen[]; children: ReactNode }) {
  const staff = useStaff();
  const { logout } = useSession();
  const { pathname } = useLocation();
  const selected = screens.find((screen) => pathname.startsWith(`/${screen.path}`))?.path;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={168} theme="dark" breakpoint="lg" collapsedWidth={56}>
        <div style={{ color: '#fff', padding: '16px 12px', fontWeight: 600, fontSize: 15, whiteSpace: 'nowrap', overflow: 'hidden' }}>
          数字城管 · 指挥中心
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          items={screens.map((screen) => ({ key: screen.path, icon: screen.icon, label: <Link to={`/${screen.path}`}>{screen.label}</Link> }))}
          aria-label="功能菜单"
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 16px', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', height: 48, lineHeight: '48px', borderBottom: '1px solid #f0f0f0' }}>
          <Space size="middle">
            <Typography.Text data-testid="current-user">
              {staff.name}（{staff.roles.map((role) => ROLE_LABELS[role]).join('、')}
              {staff.department ? ` · ${staff.department.name}` : ''}）
            </Typography.Text>
            <Button size="small" icon={<LogoutOutlined />} onClick={() => logout()}>
              退出
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 12 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
