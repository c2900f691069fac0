import { DiffEditor } from '@monaco-editor/react';
import { useTheme } from '../../theme/theme.ts';
import type { CodeDiffProps } from './code-diff-props.ts';
import { monacoLanguage } from './code-languages.ts';
import './monaco-env.ts';

const OPTIONS = {
  readOnly: true,
  originalEditable: false,
  renderSideBySide: true,
  minimap: { enabled: false },
  fontSize: 13,
  scrollBeyondLastLine: false,
  automaticLayout: true,
};

/** Monaco's side-by-side diff of two read-only texts (loaded lazily, like the code editor). */
export default function MonacoDiffEditor({ modelKey, original, modified, language, height, ariaLabel }: CodeDiffProps) {
  const { resolved } = useTheme();
  const lang = monacoLanguage(language);
  const base = `inmemory://switchyard-diff/${encodeURIComponent(modelKey)}`;
  return (
    <div aria-label={ariaLabel} role="document" style={{ height }}>
      <DiffEditor
        height={height}
        original={original}
        modified={modified}
        language={lang.id}
        originalModelPath={`${base}/before.${lang.extension}`}
        modifiedModelPath={`${base}/after.${lang.extension}`}
        theme={resolved === 'dark' ? 'vs-dark' : 'vs'}
        options={OPTIONS}
        loading={null}
      />
    </div>
  );
}
