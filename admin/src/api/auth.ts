import { api } from './client';
import type { LoginResponse, Staff } from './contract';

export const login = (username: string, password: string) => api.post<LoginResponse>('/auth/staff', { username, password });
export const fetchMe = () => api.get<{ staff: Staff }>('/auth/me');
export const logout = () => api.post<void>('/auth/logout');
