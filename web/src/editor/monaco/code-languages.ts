/** How a code node's language maps onto Monaco: its language id and the file extension its model needs. */
export interface MonacoLanguage {
  /** Monaco language id (`bash` is Monaco's `shell`). */
  id: 'javascript' | 'typescript' | 'python' | 'shell' | 'plaintext';
  /** The TypeScript worker decides TS vs JS checking from the model's extension. */
  extension: string;
  /** Whether the port typings apply (the TS worker serves both JS and TS). */
  typed: boolean;
}

const LANGUAGES: Record<string, MonacoLanguage> = {
  javascript: { id: 'javascript', extension: 'js', typed: true },
  typescript: { id: 'typescript', extension: 'ts', typed: true },
  python: { id: 'python', extension: 'py', typed: false },
  bash: { id: 'shell', extension: 'sh', typed: false },
};

const PLAIN: MonacoLanguage = { id: 'plaintext', extension: 'txt', typed: false };

/** The Monaco language of a code node language (`javascript`, `typescript`, `python`, `bash`); plain text otherwise. */
export function monacoLanguage(language: string | undefined): MonacoLanguage {
  return (language !== undefined && Object.hasOwn(LANGUAGES, language) ? LANGUAGES[language] : undefined) ?? PLAIN;
}
