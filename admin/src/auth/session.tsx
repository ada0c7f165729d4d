/**
 * Who is signed in. The token survives a reload (sessionStorage); on start the profile is read
 * again from /auth/me, so a session ended elsewhere (logout, disabled account) sends us to 登录.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { fetchMe, login as loginRequest, logout as logoutRequest } from '../api/auth';
import { setUnauthenticatedHandler, tokenStore } from '../api/client';
import type { Staff } from '../api/contract';

interface Session {
  /** Undefined while the stored token is being checked. */
  staff: Staff | null | undefined;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [staff, setStaff] = useState<Staff | null | undefined>(tokenStore.get() ? undefined : null);

  const forget = useCallback(() => {
    tokenStore.clear();
    queryClient.clear();
    setStaff(null);
  }, [queryClient]);

  useEffect(() => {
    setUnauthenticatedHandler(forget);
    if (tokenStore.get()) fetchMe().then((body) => setStaff(body.staff), forget);
  }, [forget]);

  const value = useMemo<Session>(
    () => ({
      staff,
      async login(username, password) {
        const body = await loginRequest(username, password);
        tokenStore.set(body.token);
        setStaff(body.staff);
      },
      async logout() {
        // The session ends on this machine even when the server cannot be told.
        await logoutRequest().catch(() => undefined);
        forget();
      },
    }),
    [staff, forget],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in staff member; only for pages behind the login guard. */
export function useStaff(): Staff {
  const { staff } = useSession();
  if (!staff) throw new Error('useStaff without a signed-in staff member');
  return staff;
}
