/** What the inspector gives a code editor, whether Monaco or the plain fallback renders it. */
export interface CodeEditorProps {
  /** Identifies the document (the node id); one model per key and language. */
  modelKey: string;
  value: string;
  onChange(value: string): void;
  /** A code node language (`javascript`, `typescript`, `python`, `bash`). */
  language: string | undefined;
  readOnly: boolean;
  /** Global declarations (`codeTypings`) for JS/TS IntelliSense. */
  typings?: string;
  /** CSS height, e.g. `280px` or `70vh`. */
  height: string;
  ariaLabel: string;
  /**
   * A file of a multi-file project (Sandbox Studio): the model lives at `file:///<modelKey>/<filePath>` and the
   * `siblings` (the project's other files) are given to the TypeScript service there, so relative imports resolve.
   */
  filePath?: string;
  siblings?: readonly { path: string; content: string }[];
}
