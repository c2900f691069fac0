import type { NodeStatus, RunStatus } from '@switchyard/shared';
import { STATUS_LABEL } from './run-format.ts';

/** A run's or node's status as a coloured pill, with an optional duration after it. */
export function RunStatusPill({ status, detail }: { status: RunStatus | NodeStatus; detail?: string | null }) {
  return (
    <span className="run-pill" data-status={status}>
      <span className="run-pill-dot" aria-hidden="true" />
      {STATUS_LABEL[status]}
      {detail && <span className="run-pill-detail">{detail}</span>}
    </span>
  );
}
