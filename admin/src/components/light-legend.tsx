import { Space } from 'antd';
import { LIGHT_COLORS, LIGHT_LABELS } from '../labels';

const dot = (color: string) => <span style={{ display: 'inline-block', width: 9, height: 9, borderRadius: 5, background: color, marginRight: 3 }} />;

/** What the map's colours mean. */
export function LightLegend({ withSubject = false }: { withSubject?: boolean }) {
  return (
    <Space size={8}>
      {withSubject && <span>{dot('#1565c0')}本案</span>}
      {(['green', 'yellow', 'red'] as const).map((light) => (
        <span key={light}>
          {dot(LIGHT_COLORS[light])}
          {LIGHT_LABELS[light]}
        </span>
      ))}
    </Space>
  );
}
