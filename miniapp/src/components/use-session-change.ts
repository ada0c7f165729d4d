import { useEffect } from 'react';
import Taro from '@tarojs/taro';
import { SESSION_CHANGED } from '../session/session';

/** Runs `reload` when a citizen logs in or out (H5's demo login happens on the page itself). */
export function useSessionChange(reload: () => void): void {
  useEffect(() => {
    Taro.eventCenter.on(SESSION_CHANGED, reload);
    return () => {
      Taro.eventCenter.off(SESSION_CHANGED, reload);
    };
  }, [reload]);
}
