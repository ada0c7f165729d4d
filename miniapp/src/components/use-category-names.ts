import { useEffect, useState } from 'react';
import { citizenApi } from '../api/citizen';

/** Category code → name, for lists that carry only the code. */
export function useCategoryNames(): (code: string) => string {
  const [names, setNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    citizenApi.categories().then((categories) => setNames(new Map(categories.map((category) => [category.code, category.name]))), () => undefined);
  }, []);
  return (code) => names.get(code) ?? code;
}
