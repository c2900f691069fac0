import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { LogLine } from '../store/run-state.ts';
import { formatClock } from './run-format.ts';

/** Every line is one row of this height (px), so the list can window: only visible rows are in the DOM. */
export const LOG_ROW_PX = 20;
const OVERSCAN = 30;

interface Props {
  lines: readonly LogLine[];
  names: Map<string, string>;
}

/**
 * The log lines of a run, windowed so 10,000 lines scroll smoothly. It follows the newest line while
 * the user is at the bottom; scrolling up stops that and offers "Jump to latest". Long lines are cut
 * to one row (the full text is in the row's tooltip and in the node's run details).
 */
export function LogList({ lines, names }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 0 });
  const [following, setFollowing] = useState(true);

  const measure = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    setView({ top: el.scrollTop, height: el.clientHeight });
    setFollowing(el.scrollTop + el.clientHeight >= el.scrollHeight - LOG_ROW_PX / 2);
  }, []);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (following) el.scrollTop = el.scrollHeight;
      setView({ top: el.scrollTop, height: el.clientHeight });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [following]);

  // New lines while following: stay pinned to the bottom (before paint, so nothing jumps).
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !following || lines.length === 0) return;
    el.scrollTop = el.scrollHeight;
    setView({ top: el.scrollTop, height: el.clientHeight });
  }, [lines, following]);

  const jump = () => {
    const el = ref.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    setFollowing(true);
  };

  const first = Math.max(0, Math.floor(view.top / LOG_ROW_PX) - OVERSCAN);
  const last = Math.min(lines.length, Math.ceil((view.top + view.height) / LOG_ROW_PX) + OVERSCAN);
  const rows = lines.slice(first, last);

  return (
    <div className="log-frame">
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it. */}
      <div ref={ref} className="log-scroll" role="log" aria-live="off" aria-label="Run logs" tabIndex={0} onScroll={measure}>
        <div className="log-spacer" style={{ height: lines.length * LOG_ROW_PX }}>
          {rows.map((line, i) => (
            <div
              key={line.seq}
              className="log-line"
              data-stream={line.stream}
              style={{ top: (first + i) * LOG_ROW_PX }}
              title={line.line}
            >
              <span className="log-time">{formatClock(line.time)}</span>
              <span className="log-node">{line.nodeId ? (names.get(line.nodeId) ?? line.nodeId) : 'run'}</span>
              {line.stream === 'stderr' && <span className="log-stream">stderr</span>}
              <span className="log-text">{line.line}</span>
            </div>
          ))}
        </div>
      </div>
      {!following && lines.length > 0 && (
        <button type="button" className="button log-jump" onClick={jump}>
          ↓ Jump to latest
        </button>
      )}
    </div>
  );
}
