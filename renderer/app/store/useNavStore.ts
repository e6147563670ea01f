import { create } from 'zustand';
import type { Permission } from '../../../shared/permissions';

/** The screens of the app and the permission each needs to be shown (main enforces anyway). */
export const SCREENS = [
  { id: 'cashier', needs: 'coupon.redeem', key: '1' },
  { id: 'rapid', needs: 'coupon.redeem', key: '2' },
  { id: 'log', needs: 'log.read', key: '3' },
  { id: 'conflicts', needs: 'conflicts.read', key: '4' },
  { id: 'users', needs: 'users.manage', key: '5' },
  { id: 'settings', needs: 'settings.write', key: '6' },
  { id: 'report', needs: 'report.read', key: '7' },
] as const satisfies readonly { id: string; needs: Permission; key: string }[];

export type ScreenId = (typeof SCREENS)[number]['id'];

interface NavState {
  screen: ScreenId;
  go(screen: ScreenId): void;
}

export const useNavStore = create<NavState>((set) => ({
  screen: 'cashier',
  go: (screen) => set({ screen }),
}));

/** Screens a user holding `permissions` may open, in menu order. */
export function visibleScreens(permissions: readonly Permission[]) {
  return SCREENS.filter((s) => permissions.includes(s.needs));
}
