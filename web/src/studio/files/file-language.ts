import { monacoLanguage } from '../../editor/monaco/code-languages.ts';

/** The code language Monaco should use for a file, from its extension; the agent's language when unknown. */
export function fileLanguage(path: string, agentLanguage: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  switch (ext) {
    case 'ts':
    case 'mts':
    case 'tsx':
      return 'typescript';
    case 'js':
    case 'mjs':
    case 'jsx':
      return 'javascript';
    case 'py':
      return 'python';
    case 'sh':
    case 'bash':
      return 'bash';
    default:
      return path.includes('.') ? 'plaintext' : agentLanguage;
  }
}

/** The extension new files get by default in an agent of this language (the one its Monaco models use). */
export function defaultExtension(language: string): string {
  return `.${monacoLanguage(language).extension}`;
}
