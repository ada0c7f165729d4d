import { useEffect, useState, type ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { canLogInSilently, currentCitizen, SESSION_CHANGED } from '../session/session';
import { DemoLogin } from './demo-login';
import { PrivacySheet } from './privacy-sheet';

/**
 * Every page's frame: the privacy sheet, and in H5 the demo login until a citizen is known
 * (weapp logs in silently on the first call).
 */
export function Shell({ children }: { children: ReactNode }) {
  const [loggedIn, setLoggedIn] = useState(() => currentCitizen() !== null || canLogInSilently());
  useEffect(() => {
    const changed = () => setLoggedIn(currentCitizen() !== null || canLogInSilently());
    Taro.eventCenter.on(SESSION_CHANGED, changed);
    return () => {
      Taro.eventCenter.off(SESSION_CHANGED, changed);
    };
  }, []);
  return (
    <View className='page'>
      {loggedIn ? children : <DemoLogin />}
      <PrivacySheet />
    </View>
  );
}
