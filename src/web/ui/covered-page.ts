import { useSyncExternalStore } from "react";

/**
 * Whether a modal layer of the shell (the phone navigation drawer) covers the page. What floats above the
 * shell, such as the Support button, reads it to become inert too, so the keyboard stays in the layer.
 */
let covered = false;
const listeners = new Set<() => void>();

export function setPageCovered(value: boolean): void {
  if (covered === value) return;
  covered = value;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function usePageCovered(): boolean {
  return useSyncExternalStore(subscribe, () => covered);
}
