import { Text } from '@tarojs/components';

/** The case's public status (or an outbox state) as a coloured chip. */
export function StatusChip({ status, label }: { status: string; label: string }) {
  return <Text className={`chip chip-${status}`}>{label}</Text>;
}
