import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { OUTBOX_CHANGED, outboxEntries, type OutboxEntry } from '../outbox/outbox';

/** This citizen's outbox entries, kept current as they are sent or fail. */
export function useOutbox(): OutboxEntry[] {
  const [entries, setEntries] = useState(outboxEntries);
  useEffect(() => {
    const changed = () => setEntries(outboxEntries());
    Taro.eventCenter.on(OUTBOX_CHANGED, changed);
    return () => {
      Taro.eventCenter.off(OUTBOX_CHANGED, changed);
    };
  }, []);
  return entries;
}
