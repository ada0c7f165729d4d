import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useSession } from '../../auth/session';
import { describeError } from '../../components/errors';

interface Credentials {
  username: string;
  password: string;
}

/** Staff sign-in. A locked account is told until when (the server's message carries the time). */
export function LoginPage() {
  const { login } = useSession();
  const [error, setError] = useState<{ title: string; detail: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit({ username, password }: Credentials) {
    setBusy(true);
    setError(null);
    try {
      await login(username, password);
    } catch (failure) {
      setError(describeError(failure));
      setBusy(false);
    }
  }

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'linear-gradient(160deg, #0d47a1, #1976d2)' }}>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 4 }}>
          数字城管监督指挥中心
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          受理 · 派遣 · 处置 · 核查 · 结案
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error.title} description={error.detail} style={{ marginBottom: 16 }} role="alert" />}
        <Form<Credentials> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
