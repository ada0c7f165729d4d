import { useState } from 'react';
import { App, Button, Typography } from 'antd';
import { revealPhone } from '../api/hotline';
import { describeError } from './errors';

/** 显示号码: the number in clear for a callback by hand; the server audits each reveal. */
export function RevealPhone({ citizenId }: { citizenId: number }) {
  const { notification } = App.useApp();
  const [phone, setPhone] = useState<string>();
  const [loading, setLoading] = useState(false);
  if (phone) return <Typography.Text copyable>{phone}</Typography.Text>;
  return (
    <Button size="small" loading={loading} onClick={async () => {
      setLoading(true);
      try {
        setPhone(await revealPhone(citizenId));
      } catch (error) {
        notification.error({ message: `无法显示号码：${describeError(error).title}`, description: describeError(error).detail });
      } finally {
        setLoading(false);
      }
    }}>显示号码（留痕）</Button>
  );
}
