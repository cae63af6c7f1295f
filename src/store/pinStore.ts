/**
 * The weights pinned in the posterior inspector (at most MAX_PINNED, oldest dropped first) and
 * whether the inspector shows; every change is sent to the worker as an 'inspect' command.
 */
import { create } from 'zustand';
import { MAX_PINNED, weightKey, type WeightRef } from '../messages/inspect';
import { labStore } from './store';

interface PinState {
  pinned: WeightRef[];
  visible: boolean;
  /** Pins a weight, or unpins it when it is pinned already. */
  toggle: (w: WeightRef) => void;
  unpin: (key: string) => void;
  setVisible: (visible: boolean) => void;
}

/** Sends the inspector's needs to the worker. */
function sync(pinned: WeightRef[], visible: boolean): void {
  labStore.getState().send({ type: 'inspect', visible, pinned });
}

export const usePins = create<PinState>((set, get) => ({
  pinned: [],
  visible: false,
  toggle(w) {
    const key = weightKey(w);
    const { pinned, visible } = get();
    const next = pinned.some((p) => weightKey(p) === key)
      ? pinned.filter((p) => weightKey(p) !== key)
      : [...pinned, w].slice(-MAX_PINNED);
    set({ pinned: next });
    sync(next, visible);
  },
  unpin(key) {
    const next = get().pinned.filter((p) => weightKey(p) !== key);
    set({ pinned: next });
    sync(next, get().visible);
  },
  setVisible(visible) {
    set({ visible });
    sync(get().pinned, visible);
  },
}));
