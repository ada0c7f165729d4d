import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { App } from 'antd';
import { describeError } from './errors';

/**
 * An administrator's change: on success a short confirmation and fresh lists; on refusal the
 * server's reason (a bad calendar date, a username taken) where it cannot be missed.
 */
export function useSave<Args, Result>(save: (args: Args) => Promise<Result>, refresh: QueryKey[], done: string, onDone?: (result: Result) => void) {
  const queryClient = useQueryClient();
  const { message, notification } = App.useApp();
  return useMutation({
    mutationFn: save,
    onSuccess: async (result) => {
      message.success(done);
      onDone?.(result);
      await Promise.all(refresh.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    },
    onError: (error) => {
      const { title, detail } = describeError(error);
      notification.error({ message: `保存失败：${title}`, description: detail, duration: 8 });
    },
  });
}
