import { api } from './client';
import type { Category, Department } from './contract';

export const fetchCategories = () => api.get<{ categories: Category[] }>('/categories').then((body) => body.categories);
export const fetchDepartments = () => api.get<{ departments: Department[] }>('/departments').then((body) => body.departments);
