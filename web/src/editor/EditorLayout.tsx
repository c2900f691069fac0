import { useCallback, useState } from 'react';
import { Canvas } from './canvas/Canvas.tsx';
import { Palette } from './canvas/Palette.tsx';
import { ShortcutHelp } from './canvas/ShortcutHelp.tsx';
import { useShortcuts } from './canvas/useShortcuts.ts';
import { EditorToolbar } from './EditorToolbar.tsx';
import { Inspector } from './inspector/Inspector.tsx';
import { NoticeToast } from './NoticeToast.tsx';
import { ProblemsPanel } from './ProblemsPanel.tsx';
import { HistoryPanel } from './persistence/HistoryPanel.tsx';
import { VersionBanner } from './persistence/VersionBanner.tsx';
import { NodeRunDetails } from './run/NodeRunDetails.tsx';
import { RunHistoryPanel } from './run/RunHistoryPanel.tsx';
import { RunPanel } from './run/RunPanel.tsx';
import { useRunStream } from './run/useRunStream.ts';
import { useEditor } from './store/EditorStoreProvider.tsx';
import { selectProblems, selectReadOnly, selectRun, selectSelectedNodeId } from './store/selectors.ts';
import { useLiveValidation } from './useLiveValidation.ts';
import './editor.css';

/** What the editor is showing: the editable latest version, an old version, or a past run. */
export type EditorMode = { kind: 'edit' } | { kind: 'version'; version: number } | { kind: 'run'; runId: string };
export type Drawer = 'history' | 'runs' | null;

/** The editor screen: toolbar, palette, canvas, inspector, and the problems / logs panel. */
export function EditorLayout({ mode, latestVersion }: { mode: EditorMode; latestVersion: number }) {
  const [drawer, setDrawer] = useState<Drawer>(null);
  // A past run opens on its logs; the editor on its problems.
  const [bottom, setBottom] = useState<'problems' | 'logs'>(mode.kind === 'run' ? 'logs' : 'problems');
  const [side, setSide] = useState<'config' | 'run'>('config');
  const [help, setHelp] = useState(false);
  const openHelp = useCallback(() => setHelp(true), []);
  useShortcuts({ onHelp: openHelp });
  useLiveValidation();
  useRunStream(mode.kind === 'run' ? mode.runId : null);
  const selected = useEditor(selectSelectedNodeId);
  const problemCount = useEditor(selectProblems).length;
  const hasRun = useEditor(selectRun) !== null;
  const readOnly = useEditor(selectReadOnly);
  const showRun = hasRun && (side === 'run' || mode.kind === 'run');

  return (
    <div className="editor" data-mode={mode.kind}>
      <EditorToolbar
        mode={mode}
        drawer={drawer}
        onDrawer={(d) => setDrawer((cur) => (cur === d ? null : d))}
        onRunStarted={() => {
          setBottom('logs');
          setSide('run');
        }}
        onHelp={openHelp}
      />
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
      {mode.kind !== 'edit' && <VersionBanner mode={mode} latestVersion={latestVersion} />}
      <div className="editor-body">
        {mode.kind === 'edit' && !readOnly && <Palette />}
        <main className="editor-canvas">
          <Canvas />
          <NoticeToast />
        </main>
        <aside className="editor-side" aria-label="Node details">
          {hasRun && mode.kind === 'edit' && (
            <div className="tabs" role="tablist">
              <button type="button" role="tab" aria-selected={side === 'config'} onClick={() => setSide('config')}>
                Configure
              </button>
              <button type="button" role="tab" aria-selected={side === 'run'} onClick={() => setSide('run')}>
                Run data
              </button>
            </div>
          )}
          {showRun ? (
            selected ? (
              <NodeRunDetails nodeId={selected} />
            ) : (
              <p className="muted side-empty">Select a node to see its input, output and logs.</p>
            )
          ) : (
            <Inspector />
          )}
        </aside>
        {drawer === 'history' && <HistoryPanel onClose={() => setDrawer(null)} />}
        {drawer === 'runs' && <RunHistoryPanel onClose={() => setDrawer(null)} />}
      </div>
      <section className="editor-bottom" aria-label="Problems and logs">
        <div className="tabs" role="tablist">
          <button type="button" role="tab" aria-selected={bottom === 'problems'} onClick={() => setBottom('problems')}>
            Problems {problemCount > 0 && <span className="count count-danger">{problemCount}</span>}
          </button>
          <button type="button" role="tab" aria-selected={bottom === 'logs'} onClick={() => setBottom('logs')}>
            Logs
          </button>
        </div>
        {bottom === 'problems' ? <ProblemsPanel /> : <RunPanel />}
      </section>
    </div>
  );
}
