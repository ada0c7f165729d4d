/** The server reads as React Query hooks: one cache key per resource, refreshed after each action. */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { describeError } from '../components/errors';
import { ACTION_LABELS } from '../labels';
import { actOnCase, fetchCase, fetchGrid, fetchNearbyCases, listCases, type CaseFilter } from './cases';
import type { CaseActionInput, TemplateAction } from './contract';
import { fetchOverview } from './overview';
import type { QueueData } from '../components/case-queue';
import { fetchCategories, fetchDepartments } from './taxonomy';
import { fetchTemplates } from './templates';

/** Lists that rarely change during a shift. */
const REFERENCE_STALE_MS = 5 * 60_000;

export const useCase = (id: number | undefined) =>
  useQuery({ queryKey: ['case', id], queryFn: () => fetchCase(id!), enabled: id !== undefined });

export const useCaseList = (filter: CaseFilter) =>
  useQuery({ queryKey: ['cases', filter], queryFn: () => listCases(filter), placeholderData: (previous) => previous });

export const useNearbyCases = (id: number, radiusM: number) =>
  useQuery({ queryKey: ['case', id, 'nearby', radiusM], queryFn: () => fetchNearbyCases(id, radiusM) });

export const useGrid = (code: string) => useQuery({ queryKey: ['grid', code], queryFn: () => fetchGrid(code), staleTime: Infinity });

export const useCategories = () => useQuery({ queryKey: ['categories'], queryFn: fetchCategories, staleTime: REFERENCE_STALE_MS });

export const useDepartments = () => useQuery({ queryKey: ['departments'], queryFn: fetchDepartments, staleTime: REFERENCE_STALE_MS });

export const useTemplates = (action: TemplateAction, categoryCode?: string) =>
  useQuery({ queryKey: ['templates', action, categoryCode], queryFn: () => fetchTemplates({ action, categoryCode }), staleTime: REFERENCE_STALE_MS });

/**
 * Takes a workflow action. Success refreshes every view of cases; a refusal is shown with the
 * server's own message (e.g. 409 case.illegal_transition says which state forbids what).
 */
export function useCaseAction(caseId: number, onDone?: () => void) {
  const queryClient = useQueryClient();
  const { message, notification } = App.useApp();
  return useMutation({
    mutationFn: (input: CaseActionInput) => actOnCase(caseId, input),
    onSuccess: (outcome, input) => {
      message.success(`${ACTION_LABELS[input.action]}成功：案件 ${caseId}`);
      onDone?.();
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: ['case'] }),
        queryClient.invalidateQueries({ queryKey: ['cases'] }),
        queryClient.invalidateQueries({ queryKey: ['overview'] }),
      ]).then(() => outcome);
    },
    onError: (error, input) => {
      const { title, detail } = describeError(error);
      notification.error({ message: `${ACTION_LABELS[input.action]}失败：${title}`, description: detail, duration: 8 });
      // The case may have moved on meanwhile; show it, and the queues, as they are now.
      void queryClient.invalidateQueries({ queryKey: ['case', caseId] });
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
    },
  });
}

/** A list query as a desk queue reads it. */
export function asQueue(query: ReturnType<typeof useCaseList>): QueueData {
  return { data: query.data, loading: query.isFetching, error: query.error };
}

/**
 * A desk queue of one filter (statuses and/or a flag), 20 cases a page. The page belongs to the
 * filter: switching a desk's tab starts the new queue on its first page.
 */
export function usePagedQueue(filter: Omit<CaseFilter, 'page' | 'pageSize'>) {
  const key = JSON.stringify(filter);
  const [paging, setPaging] = useState({ key, page: 1 });
  const page = paging.key === key ? paging.page : 1;
  return { queue: asQueue(useCaseList({ ...filter, page, pageSize: 20 })), onPage: (next: number) => setPaging({ key, page: next }) };
}

/** The overview refreshes itself while open: a wall screen in the centre is never reloaded. */
const OVERVIEW_REFRESH_MS = 30_000;

export const useOverview = () =>
  useQuery({ queryKey: ['overview'], queryFn: fetchOverview, refetchInterval: OVERVIEW_REFRESH_MS, refetchIntervalInBackground: true });
