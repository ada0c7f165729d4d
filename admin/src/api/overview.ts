import { api } from './client';
import type { Overview } from './contract';

export const fetchOverview = () => api.get<Overview>('/overview');
