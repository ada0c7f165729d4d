import { useMutation } from '@tanstack/react-query';
import { App } from 'antd';
import { describeError } from '../../components/errors';

/** A file download behind a button: a spinner while it comes, the server's reason when refused. */
export function useDownload(download: () => Promise<unknown>, onDone?: () => void) {
  const { notification } = App.useApp();
  return useMutation({
    mutationFn: download,
    onSuccess: () => onDone?.(),
    onError: (error) => {
      const { title, detail } = describeError(error);
      notification.error({ message: `导出失败：${title}`, description: detail, duration: 8 });
    },
  });
}
