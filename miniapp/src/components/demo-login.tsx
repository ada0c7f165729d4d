import { useEffect, useState } from 'react';
import { Input, View } from '@tarojs/components';
import { loadConfig } from '../api/citizen';
import { messageOf } from '../api/errors';
import { demoLogIn } from '../session/session';
import { ActionButton } from './action-button';
import { useSubmission } from './use-submission';
import './privacy-sheet.scss';

/**
 * H5 has no WeChat login. In the server's demo mode a citizen logs in by name (code
 * `demo-<name>`); otherwise the page says where to find the real thing.
 */
export function DemoLogin() {
  const [demoMode, setDemoMode] = useState<boolean | null>(null);
  const [name, setName] = useState('');
  const { busy, error, setError, run } = useSubmission();

  useEffect(() => {
    loadConfig().then((config) => setDemoMode(config.demoMode), (failure) => setError(messageOf(failure)));
  }, []);

  const submit = async () => {
    const trimmed = name.trim();
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(trimmed)) return setError('请输入 1–40 位字母、数字、下划线或短横线');
    await run(() => demoLogIn(trimmed));
  };

  if (demoMode === false) {
    return (
      <View className='card login-card'>
        <View className='card-title'>请在微信中打开</View>
        <View className='muted'>请在微信中搜索「市民随手拍」小程序上报问题。</View>
      </View>
    );
  }
  return (
    <View className='card login-card'>
      <View className='card-title'>演示登录</View>
      <View className='muted login-hint'>演示环境没有微信登录：输入一个名字即可作为市民登录（同一名字即同一市民）。</View>
      <Input className='input' id='demo-name' placeholder='演示账号名，如 zhangsan' value={name} onInput={(event) => setName(event.detail.value)} maxlength={40} />
      {error && <View className='error-text'>{error}</View>}
      <ActionButton className='btn btn-primary btn-block login-submit' busy={busy} disabled={demoMode === null} onClick={submit}>
        登录
      </ActionButton>
    </View>
  );
}
