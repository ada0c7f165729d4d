import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { loadConfig } from './api/citizen';
import { startOutbox } from './outbox/outbox';
import { listenForPrivacyRequests } from './session/privacy';
import './app.scss';

/** At launch: the privacy listener, the public config (subscribe templates), and the outbox resumes. */
export default function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    listenForPrivacyRequests();
    loadConfig().catch(() => undefined);
    startOutbox();
  });
  return children;
}
