/**
 * A ticket's recording: fetched with the bearer token (recordings are personal data, no signed
 * URL) into a blob URL the <audio> element plays; the URL is released when the player goes.
 */
import { useEffect, useState } from 'react';
import { Alert, Button } from 'antd';
import { SoundOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { fetchRecording } from '../../api/hotline';
import { describeError } from '../../components/errors';

export function RecordingPlayer({ url, autoLoad = false }: { url: string; autoLoad?: boolean }) {
  const [wanted, setWanted] = useState(autoLoad);
  const recording = useQuery({ queryKey: ['recording', url], queryFn: () => fetchRecording(url), enabled: wanted, staleTime: Infinity });
  const [objectUrl, setObjectUrl] = useState<string>();
  useEffect(() => {
    if (!recording.data) return;
    const created = URL.createObjectURL(recording.data);
    setObjectUrl(created);
    return () => URL.revokeObjectURL(created);
  }, [recording.data]);
  if (!wanted) return <Button size="small" icon={<SoundOutlined />} onClick={() => setWanted(true)}>播放录音</Button>;
  if (recording.isError) return <Alert type="error" showIcon message={`录音无法加载：${describeError(recording.error).title}`} />;
  if (!objectUrl) return <Button size="small" loading>录音加载中</Button>;
  return <audio controls src={objectUrl} style={{ height: 32, maxWidth: '100%' }} data-testid="recording-player" />;
}
