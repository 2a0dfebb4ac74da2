import { create } from 'zustand';
import type { AppStatus } from '../../../shared/contract/app';
import type { SessionInfo } from '../../../shared/contract/auth';
import type { Permission } from '../../../shared/roles';

interface SessionState {
  status: AppStatus | null;
  session: SessionInfo | null;
  /** Loads start-up status and the current session from the core. */
  refresh(): Promise<void>;
  setSession(session: SessionInfo | null): void;
  markLocked(): void;
  lockNow(): Promise<void>;
  signOut(): Promise<void>;
  can(permission: Permission): boolean;
}

/** Owner of "who is signed in" in the renderer. The core stays the authority; this mirrors it. */
export const useSession = create<SessionState>((set, get) => ({
  status: null,
  session: null,
  async refresh() {
    const status = await window.api.app.status({});
    if (!status.ok) {
      set({ status: { state: 'store_error', failure: { store: 'customers', problem: 'io', message: status.error.message, action: 'Restart the app.' } } });
      return;
    }
    const session = status.value.state === 'ready' ? await window.api.auth.session({}) : null;
    set({ status: status.value, session: session?.ok ? session.value : null });
  },
  setSession(session) {
    set({ session, status: { state: 'ready' } });
  },
  markLocked() {
    const s = get().session;
    if (s && !s.locked) set({ session: { ...s, locked: true } });
  },
  async lockNow() {
    await window.api.auth.lock({});
    get().markLocked();
  },
  async signOut() {
    await window.api.auth.signOut({});
    set({ session: null });
  },
  can(permission) {
    return get().session?.permissions.includes(permission) ?? false;
  },
}));
