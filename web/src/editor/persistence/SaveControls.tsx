/** Stub: replaced by the persistence work (dirty indicator, save, autosave). */
export function SaveControls() {
  return null;
}
