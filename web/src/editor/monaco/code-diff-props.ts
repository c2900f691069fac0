/** Two texts to compare, as Monaco's diff editor or the plain fallback shows them. */
export interface CodeDiffProps {
  /** Identifies the pair (one pair of models per key). */
  modelKey: string;
  original: string;
  modified: string;
  /** A code node language (`javascript`, `typescript`, `python`, `bash`), or `plaintext`. */
  language: string;
  height: string;
  ariaLabel: string;
}
