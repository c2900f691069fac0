import Editor from '@monaco-editor/react';
import { useEffect, useMemo, useRef } from 'react';
import { useTheme } from '../../theme/theme.ts';
import type { CodeEditorProps } from './code-editor-props.ts';
import { monacoLanguage } from './code-languages.ts';
import { typescript } from './monaco-env.ts';

/** One global declarations file for the node being edited; replaced when its ports or the node change. */
const TYPINGS_PATH = 'file:///switchyard/node-typings.d.ts';

/**
 * Monaco bound to a config string. Keystrokes go to `onChange` without re-creating the editor; a value
 * changed elsewhere (store undo) is applied as an edit, so Monaco keeps its own undo stack for keystrokes.
 * Mount one instance per node and language (the caller keys it): each gets its own model, disposed on unmount.
 */
export default function MonacoCodeEditor({
  modelKey,
  value,
  onChange,
  language,
  readOnly,
  typings,
  height,
  ariaLabel,
  filePath,
  siblings,
}: CodeEditorProps) {
  const { resolved } = useTheme();
  const lang = monacoLanguage(language);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    if (!lang.typed || typings === undefined) return;
    const ts = typescript.typescriptDefaults.addExtraLib(typings, TYPINGS_PATH);
    const js = typescript.javascriptDefaults.addExtraLib(typings, TYPINGS_PATH);
    return () => {
      ts.dispose();
      js.dispose();
    };
  }, [lang.typed, typings]);

  useEffect(() => {
    if (!lang.typed || !filePath || !siblings) return;
    const libs = siblings
      .filter((f) => /\.(m?[jt]sx?)$/.test(f.path))
      .flatMap((f) => {
        const uri = `file:///${modelKey}/${f.path}`;
        return [
          typescript.typescriptDefaults.addExtraLib(f.content, uri),
          typescript.javascriptDefaults.addExtraLib(f.content, uri),
        ];
      });
    return () => {
      for (const lib of libs) lib.dispose();
    };
  }, [lang.typed, filePath, siblings, modelKey]);

  const options = useMemo(
    () => ({
      readOnly,
      ariaLabel,
      minimap: { enabled: false },
      fontSize: 13,
      lineNumbersMinChars: 3,
      scrollBeyondLastLine: false,
      tabSize: 2,
      wordWrap: 'off' as const,
      fixedOverflowWidgets: true,
      renderLineHighlightOnlyWhenFocus: true,
    }),
    [readOnly, ariaLabel],
  );

  return (
    <Editor
      height={height}
      path={
        filePath
          ? `file:///${modelKey}/${filePath}`
          : `inmemory://switchyard/${encodeURIComponent(modelKey)}/main.${lang.extension}`
      }
      language={lang.id}
      value={value}
      theme={resolved === 'dark' ? 'vs-dark' : 'vs'}
      options={options}
      onChange={(next) => onChangeRef.current(next ?? '')}
      loading={null}
    />
  );
}
