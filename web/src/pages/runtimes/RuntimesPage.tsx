import { useState } from 'react';
import { useRuntimeMetrics, useRuntimes } from '../../api/runtimes.queries.ts';
import { ErrorNotice } from '../../ErrorNotice.tsx';
import { LatencyBars } from './LatencyBars.tsx';
import './runtimes.css';

const WINDOWS = [
  [15, '15 min'],
  [60, '1 hour'],
  [1_440, '24 hours'],
  [10_080, '7 days'],
] as const;

const percent = (n: number) => `${Math.round(n * 100)} %`;

/** `/runtimes`: where user code runs, how isolated each runtime is, and how executions went lately. */
export function RuntimesPage() {
  const [windowMinutes, setWindow] = useState<number>(60);
  const runtimes = useRuntimes();
  const metrics = useRuntimeMetrics(windowMinutes);
  const figures = new Map((metrics.data?.runtimes ?? []).map((m) => [m.runtime, m]));
  const scaleMax = Math.max(1, ...(metrics.data?.runtimes ?? []).map((m) => m.p95Ms));
  return (
    <main className="content runtimes-page">
      <section className="panel" aria-labelledby="runtimes-heading">
        <div className="panel-head">
          <h1 id="runtimes-heading">Runtimes</h1>
          <label className="runtimes-window">
            Window
            <select className="input" value={windowMinutes} onChange={(e) => setWindow(Number(e.target.value))}>
              {WINDOWS.map(([minutes, label]) => (
                <option key={minutes} value={minutes}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </div>
        {runtimes.isError && <ErrorNotice error={runtimes.error} onRetry={() => void runtimes.refetch()} />}
        {metrics.isError && <ErrorNotice error={metrics.error} onRetry={() => void metrics.refetch()} />}
        <ul className="runtime-cards">
          {runtimes.data?.map((r) => {
            const m = figures.get(r.id);
            return (
              <li key={r.id} className="runtime-card" data-runtime={r.id} data-available={r.available}>
                <div className="runtime-card-head">
                  <h2>{r.id}</h2>
                  <span className={`tag isolation-${r.isolation}`}>{r.available ? r.isolation : 'unavailable'}</span>
                </div>
                <p className="muted runtime-backend">
                  {r.backend !== 'none' && <code>{r.backend}</code>} {r.languages.join(', ')}
                </p>
                {r.reason && <p className="runtime-reason">{r.reason}</p>}
                {m ? (
                  <div className="runtime-figures">
                    <dl>
                      <dt>Executions</dt>
                      <dd data-testid="executions">{m.executions}</dd>
                      <dt>Failure rate</dt>
                      <dd>{percent(m.failureRate)}</dd>
                      <dt>Cold starts</dt>
                      <dd>{percent(m.coldRate)}</dd>
                    </dl>
                    <LatencyBars p50={m.p50Ms} p95={m.p95Ms} scaleMax={scaleMax} />
                  </div>
                ) : (
                  <p className="muted">No executions in this window.</p>
                )}
              </li>
            );
          })}
        </ul>
      </section>
    </main>
  );
}
