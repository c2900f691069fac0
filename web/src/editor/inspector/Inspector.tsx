/** Stub: replaced by the inspector work (generated config form, Monaco). */
export function Inspector() {
  return null;
}
