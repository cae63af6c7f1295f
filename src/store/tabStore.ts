/**
 * Which tab is showing. A separate tiny store, so any panel can switch tabs (the attention
 * panel opens a row in the softmax lab) without touching the session store.
 */
import { create } from 'zustand';
import type { TabId } from '../../components/tabs';

interface TabState {
  tab: TabId;
  show: (tab: TabId) => void;
}

export const useTab = create<TabState>((set) => ({
  tab: 'live',
  show: (tab) => set({ tab }),
}));
