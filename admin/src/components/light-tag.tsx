import { Tag } from 'antd';
import type { Light } from '../api/contract';
import { LIGHT_COLORS, LIGHT_LABELS } from '../labels';

/**
 * The 红黄绿灯 of a case or clock, as a coloured dot and its word (colour alone is not enough);
 * `compact` keeps the first character only, for narrow queue columns.
 */
export function LightTag({ light, compact = false }: { light: Light; compact?: boolean }) {
  return (
    <Tag bordered={false} style={{ background: 'transparent', padding: 0 }} data-light={light} title={LIGHT_LABELS[light]}>
      <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, background: LIGHT_COLORS[light], marginRight: 4 }} />
      {compact ? LIGHT_LABELS[light].slice(0, 1) : LIGHT_LABELS[light]}
    </Tag>
  );
}
