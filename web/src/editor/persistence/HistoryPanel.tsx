/** Stub: replaced by the persistence work (versions list, open, restore). */
export function HistoryPanel(_: { onClose(): void }) {
  return null;
}
