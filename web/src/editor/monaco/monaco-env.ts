/**
 * The locally bundled Monaco, wired for offline use: `@monaco-editor/react` gets this instance instead of
 * fetching one from a CDN, and workers come from Vite's `?worker` bundles.
 * Only what the code widget uses is imported (the editor core, its contributions, the JS/TS/Python/shell
 * tokenizers and the TypeScript language service); `monaco-editor`'s main entry would add ~80 languages,
 * CSS/HTML/JSON services and their workers. This module is heavy: import it only from the lazy editor.
 */
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor/editor.api';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/javascript/register';
import 'monaco-editor/languages/definitions/python/register';
import 'monaco-editor/languages/definitions/shell/register';
import 'monaco-editor/languages/definitions/typescript/register';
import * as typescript from 'monaco-editor/languages/features/typescript/register';
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    return label === 'typescript' || label === 'javascript' ? new TsWorker() : new EditorWorker();
  },
};

loader.config({ monaco });

export { monaco, typescript };
