import { useId, useMemo, useState } from 'react';
import { useEditor } from '../store/EditorStoreProvider.tsx';
import type { LogLine } from '../store/run-state.ts';
import { LogList } from './LogList.tsx';
import { RunSummary } from './RunSummary.tsx';
import { useNodeNames } from './useNodeNames.ts';
import './run.css';

type StreamFilter = 'all' | LogLine['stream'];
const NO_LOGS: LogLine[] = [];

/** The "Logs" tab: the shown run's summary and its streamed log lines, filterable by node and stream. */
export function RunPanel() {
  const hasRun = useEditor((s) => s.run !== null);
  const logs = useEditor((s) => s.run?.logs ?? NO_LOGS);
  const dropped = useEditor((s) => s.run?.droppedLogs ?? 0);
  const names = useNodeNames();
  const [node, setNode] = useState<string>('');
  const [stream, setStream] = useState<StreamFilter>('all');
  const ids = useId();

  const shown = useMemo(
    () =>
      node === '' && stream === 'all'
        ? logs
        : logs.filter((l) => (node === '' || l.nodeId === node) && (stream === 'all' || l.stream === stream)),
    [logs, node, stream],
  );

  if (!hasRun)
    return (
      <div className="run-panel">
        <p className="muted panel-empty">
          No run to show. Press <strong>Run</strong> (<kbd>Ctrl</kbd>+<kbd>Enter</kbd>) and the logs stream here, or open a past
          run from <strong>Runs</strong>.
        </p>
      </div>
    );

  return (
    <div className="run-panel">
      <RunSummary names={names} />
      <div className="run-log-filters">
        <label htmlFor={`${ids}-node`}>Node</label>
        <select id={`${ids}-node`} value={node} onChange={(e) => setNode(e.target.value)}>
          <option value="">All nodes</option>
          {[...names].map(([id, name]) => (
            <option key={id} value={id}>
              {name === id ? id : `${name} (${id})`}
            </option>
          ))}
        </select>
        <label htmlFor={`${ids}-stream`}>Stream</label>
        <select id={`${ids}-stream`} value={stream} onChange={(e) => setStream(e.target.value as StreamFilter)}>
          <option value="all">stdout and stderr</option>
          <option value="stdout">stdout</option>
          <option value="stderr">stderr</option>
        </select>
        <span className="muted run-log-count">
          {shown.length === logs.length
            ? `${logs.length.toLocaleString()} lines`
            : `${shown.length.toLocaleString()} of ${logs.length.toLocaleString()} lines`}
          {dropped > 0 && ` (${dropped.toLocaleString()} older lines dropped)`}
        </span>
      </div>
      {shown.length === 0 ? (
        <p className="muted panel-empty">{logs.length === 0 ? 'No log lines yet.' : 'No lines match the filters.'}</p>
      ) : (
        <LogList lines={shown} names={names} />
      )}
    </div>
  );
}
