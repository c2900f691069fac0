import { RUNTIME_CHOICES } from '@switchyard/shared';
import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client.ts';
import { useCan } from '../../auth/useCan.ts';
import { RuntimeDecisionView } from '../../editor/inspector/RuntimeDecisionPanel.tsx';
import { useDebouncedValue } from '../../pages/useDebouncedValue.ts';
import { useStudio, useStudioApi } from '../StudioStoreProvider.tsx';

const DECIDE_DEBOUNCE_MS = 400;
const MIB = 1024 * 1024;

/** Where the draft runs (the router's decision on its assembled files, and why) and the policy it runs under. */
export function RuntimePanel() {
  const store = useStudioApi();
  const runtime = useStudio((s) => s.draft.runtime);
  const policy = useStudio((s) => s.draft.policy);
  const trusted = useStudio((s) => s.trusted);
  const draft = useDebouncedValue(
    useStudio((s) => s.draft),
    DECIDE_DEBOUNCE_MS,
  );
  const decision = useQuery({
    queryKey: ['agent-draft-decision', draft, trusted],
    queryFn: ({ signal }) => call('decideCodeAgentDraft', { body: { content: draft, trusted }, signal }),
    staleTime: 60_000,
    placeholderData: (previous) => previous,
    retry: false,
    // Deciding on a draft is an editor's tool (`agents:write`).
    enabled: useCan('agents:write'),
  });
  const num = (key: string, fallback: number) => (typeof policy[key] === 'number' ? (policy[key] as number) : fallback);
  const network = typeof policy.network === 'string' ? policy.network : 'off';
  const hosts = Array.isArray(policy.allowedHosts) ? (policy.allowedHosts as string[]) : [];

  return (
    <div className="studio-stack">
      <label className="studio-field">
        <span>Runtime</span>
        <select
          className="input"
          value={runtime}
          onChange={(e) => store.getState().setRuntime(e.target.value as (typeof RUNTIME_CHOICES)[number])}
        >
          {RUNTIME_CHOICES.map((r) => (
            <option key={r} value={r}>
              {r === 'auto' ? 'auto (the lightest that can run it)' : r}
            </option>
          ))}
        </select>
      </label>
      {decision.data && <RuntimeDecisionView decision={decision.data} />}
      {decision.error && <p className="field-error">{decision.error.message}</p>}
      <label className="studio-check">
        <input type="checkbox" checked={trusted} onChange={(e) => store.getState().setTrusted(e.target.checked)} />
        Trusted test runs (accept process-only isolation where this server has no sandbox; not saved)
      </label>

      <fieldset className="schema-editor">
        <legend>Policy</legend>
        <NumberField
          label="Timeout (ms)"
          value={num('timeoutMs', 30_000)}
          min={100}
          onChange={(v) => store.getState().setPolicy({ timeoutMs: v })}
        />
        <NumberField
          label="Memory (MiB)"
          value={num('memoryMb', 256)}
          min={32}
          onChange={(v) => store.getState().setPolicy({ memoryMb: v })}
        />
        <label className="studio-field">
          <span>Network</span>
          <select className="input" value={network} onChange={(e) => store.getState().setPolicy({ network: e.target.value })}>
            <option value="off">off</option>
            <option value="allowlist">allowlist</option>
            <option value="on">on</option>
          </select>
        </label>
        {network === 'allowlist' && (
          <label className="studio-field">
            <span>Allowed hosts (one per line)</span>
            <textarea
              className="input"
              rows={3}
              value={hosts.join('\n')}
              placeholder="api.example.com"
              onChange={(e) =>
                store.getState().setPolicy({
                  allowedHosts: e.target.value
                    .split('\n')
                    .map((h) => h.trim())
                    .filter(Boolean),
                })
              }
            />
          </label>
        )}
        <label className="studio-field">
          <span>Files</span>
          <select
            className="input"
            value={policy.filesystem === 'none' ? 'none' : 'tmp'}
            onChange={(e) => store.getState().setPolicy({ filesystem: e.target.value })}
          >
            <option value="tmp">tmp (a private scratch directory)</option>
            <option value="none">none (read-only)</option>
          </select>
        </label>
        <NumberField
          label="Max output (KiB)"
          value={Math.round(num('maxOutputBytes', MIB) / 1024)}
          min={1}
          onChange={(v) => store.getState().setPolicy({ maxOutputBytes: v * 1024 })}
        />
        <NumberField
          label="Max logs (KiB)"
          value={Math.round(num('maxLogBytes', MIB) / 1024)}
          min={1}
          onChange={(v) => store.getState().setPolicy({ maxLogBytes: v * 1024 })}
        />
      </fieldset>
    </div>
  );
}

function NumberField({ label, value, min, onChange }: { label: string; value: number; min: number; onChange(v: number): void }) {
  return (
    <label className="studio-field">
      <span>{label}</span>
      <input
        className="input"
        type="number"
        min={min}
        value={value}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isInteger(v) && v >= min) onChange(v);
        }}
      />
    </label>
  );
}
