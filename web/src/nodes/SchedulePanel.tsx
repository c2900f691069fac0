import { useMemo } from 'react';
import { useNow } from '../ui/useNow.ts';
import { browserZone, fireTimes } from './fire-times.ts';
import type { NodePanelProps } from './panel-props.ts';
import './node-panels.css';

const text = (value: unknown, fallback: string) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback);

/**
 * A schedule node's next five fire times, in its time zone and (when it differs) the viewer's; the list moves on as
 * time passes. An expression or zone that does not make a schedule shows why instead.
 */
export function SchedulePanel({ config }: NodePanelProps) {
  const cron = text(config.cron, '0 * * * *');
  const timezone = text(config.timezone, 'UTC');
  const minute = Math.floor(useNow({ every: 30_000 }) / 60_000);
  const local = browserZone();
  const result = useMemo(() => fireTimes(cron, timezone, new Date(minute * 60_000), local), [cron, timezone, minute, local]);
  const both = local !== timezone;
  return (
    <section className="node-panel" aria-label="Next runs">
      <h3 className="node-panel-heading">Next runs</h3>
      {!result.ok ? (
        <p className="field-error" role="status">
          {result.problem}
        </p>
      ) : (
        <table className="node-panel-table">
          <thead>
            <tr>
              <th scope="col">{timezone}</th>
              {both && <th scope="col">Your time ({local})</th>}
            </tr>
          </thead>
          <tbody>
            {result.times.map((t) => (
              <tr key={t.iso}>
                <td>
                  <time dateTime={t.iso}>{t.zoned}</time>
                </td>
                {both && <td className="muted">{t.local}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {config.enabled === false && (
        <p className="muted node-panel-note">Disabled: nothing fires until it is enabled and saved.</p>
      )}
    </section>
  );
}
