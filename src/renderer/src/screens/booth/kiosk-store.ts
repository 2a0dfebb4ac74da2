import { create } from 'zustand';

/**
 * Whether the booth kiosk is on screen. While it is, the kiosk itself is the lock: it covers the
 * whole window, offers nothing but the entry form, and needs a staff password to leave. The
 * shell's idle lock can read this to stay out of the way.
 */
export const useKioskMode = create<{ active: boolean; setActive(active: boolean): void }>((set) => ({
  active: false,
  setActive: (active) => set({ active }),
}));
