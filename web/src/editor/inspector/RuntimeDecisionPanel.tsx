import { CODE_LANGUAGES, type OperationOutput, RUNTIME_CHOICES } from '@switchyard/shared';
import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client.ts';
import { useDebouncedValue } from '../../pages/useDebouncedValue.ts';
import { useEditor } from '../store/EditorStoreProvider.tsx';
import type { NodeData } from '../store/flow-types.ts';

type Language = (typeof CODE_LANGUAGES)[number];
type Choice = (typeof RUNTIME_CHOICES)[number];
const NETWORKS = ['off', 'allowlist', 'on'] as const;
type Network = (typeof NETWORKS)[number];
const CODE_DEBOUNCE_MS = 400;

const pick = <T extends string>(value: unknown, allowed: readonly T[], fallback: T): T =>
  allowed.includes(value as T) ? (value as T) : fallback;

/**
 * Where a code node will run, asked of the server's router before running (`POST /api/runtimes/decide`):
 * the runtime, its isolation and the router's reason, or why nothing can run it and what to change.
 */
export function RuntimeDecisionPanel({ data }: { data: NodeData }) {
  const language: Language = pick(data.config.language, CODE_LANGUAGES, 'javascript');
  const runtime: Choice = pick(data.config.runtime, RUNTIME_CHOICES, 'auto');
  const network: Network = pick(data.config.network, NETWORKS, 'off');
  const trusted = useEditor((s) => s.settings.trustedExecution === true);
  // Auto routing reads the code (imports, Node APIs, packages): ask again once typing pauses.
  const code = useDebouncedValue(typeof data.config.code === 'string' ? data.config.code : '', CODE_DEBOUNCE_MS);
  const decision = useQuery({
    queryKey: ['runtime-decision', language, runtime, network, trusted, code],
    queryFn: ({ signal }) => call('decideRuntime', { body: { language, runtime, code, policy: { network }, trusted }, signal }),
    staleTime: 60_000,
    placeholderData: (previous) => previous,
  });
  if (!decision.data) return null;
  return <RuntimeDecisionView decision={decision.data} />;
}

/** The router's decision as the inspector and Sandbox Studio show it: runtime, isolation, reason. */
export function RuntimeDecisionView({ decision: d }: { decision: OperationOutput<'decideRuntime'> }) {
  return (
    <output className="runtime-decision" data-available={d.runtime !== null} data-testid="runtime-decision">
      <span className="runtime-decision-head">
        {d.runtime ? (
          <>
            Runs on <strong>{d.runtime}</strong>
            {d.isolation && <span className={`tag isolation-${d.isolation}`}>{d.isolation}</span>}
          </>
        ) : (
          <strong>No runtime can run this here</strong>
        )}
      </span>
      <span className="runtime-decision-reason">{d.reason}</span>
    </output>
  );
}
