import { useCallback } from 'react';
import { useDepartments } from './hooks';

/** A unit's name by its code, falling back to the code while the list loads. */
export function useDepartmentName(): (code: string | null) => string {
  const { data } = useDepartments();
  return useCallback((code) => (code ? (data?.find((department) => department.code === code)?.name ?? code) : '—'), [data]);
}
