import { create } from 'zustand';
import type { OrderView } from '../../../../shared/pos/orders';
import { currentPosOrder, onPosOrder } from '../api/posApi';

interface PosOrderState {
  /** The POS's current order at this till; null: no POS order open, the cashier uses the manual basket. */
  order: OrderView | null;
  load(): Promise<void>;
}

/** The POS's order as main pushes it (main holds it; the screen only shows it). */
export const usePosOrderStore = create<PosOrderState>((set) => ({
  order: null,
  async load() {
    const res = await currentPosOrder();
    if (res.ok) set({ order: res.value });
  },
}));

/** Follows main's posOrder pushes; returns the unsubscribe. */
export function followPosOrder(): () => void {
  return onPosOrder((e) => usePosOrderStore.setState({ order: e.order }));
}

export function resetPosOrderStore(): void {
  usePosOrderStore.setState({ order: null });
}
