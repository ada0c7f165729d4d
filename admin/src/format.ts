/** Times are shown in Beijing time whatever the browser's zone: deadlines are Beijing working hours. */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

const BEIJING_OFFSET_MINUTES = 8 * 60;

function beijing(iso: string | Date) {
  return dayjs(iso).utcOffset(BEIJING_OFFSET_MINUTES);
}

export function formatTime(iso: string | null | undefined, pattern = 'YYYY-MM-DD HH:mm'): string {
  return iso ? beijing(iso).format(pattern) : '—';
}

/** "3 小时 20 分", or "超时 1 小时 5 分" for a negative amount. */
export function formatDuration(ms: number): string {
  const late = ms < 0;
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const parts = [days ? `${days} 天` : '', hours ? `${hours} 小时` : '', `${minutes % 60} 分`].filter(Boolean);
  return `${late ? '超时 ' : ''}${parts.join(' ')}`;
}

export function formatMeters(meters: number): string {
  return meters >= 1000 ? `${(meters / 1000).toFixed(1)} km` : `${Math.round(meters)} m`;
}
