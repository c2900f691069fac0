import type { ExecuteCodeResult } from '@switchyard/shared';
import { useState } from 'react';
import { useCan } from '../../auth/useCan.ts';
import { ErrorNotice } from '../../ErrorNotice.tsx';
import { formatDuration } from '../../format.ts';
import { useStudio, useStudioApi } from '../StudioStoreProvider.tsx';
import { useExecuteVersion, useRunDraft } from '../studio.mutations.ts';
import { sampleInput } from './sample-input.ts';

/**
 * Runs the draft as it is (unsaved) with an input the user writes: output, logs, duration, runtime. A role that may
 * run agents but not arbitrary code (runner) runs the saved version shown instead; one that may do neither, nothing.
 */
export function TestPanel({ agentId }: { agentId: string }) {
  const store = useStudioApi();
  const inputSchema = useStudio((s) => s.draft.inputSchema);
  const base = useStudio((s) => s.base.version);
  const [text, setText] = useState(() => JSON.stringify(sampleInput(inputSchema), null, 2));
  const canRunDraft = useCan('code:execute');
  const canRunSaved = useCan('agents:execute');
  const draftRun = useRunDraft();
  const savedRun = useExecuteVersion(agentId);
  const run = canRunDraft ? draftRun : savedRun;
  let parsed: { ok: true; value: Record<string, unknown> } | { ok: false; message: string };
  try {
    const value: unknown = JSON.parse(text);
    parsed =
      value && typeof value === 'object' && !Array.isArray(value)
        ? { ok: true, value: value as Record<string, unknown> }
        : { ok: false, message: 'The input is a JSON object, like {"name": "Ada"}.' };
  } catch (err) {
    parsed = { ok: false, message: `Not JSON: ${(err as Error).message}` };
  }

  return (
    <div className="studio-stack">
      <label className="studio-label" htmlFor="studio-test-input">
        Input (JSON)
      </label>
      <textarea
        id="studio-test-input"
        className="input studio-json"
        rows={6}
        spellCheck={false}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {!parsed.ok && (
        <p className="field-error" role="alert">
          {parsed.message}
        </p>
      )}
      {!canRunDraft && (
        <p className="muted">
          {canRunSaved ? `Runs saved version ${base} (your role cannot run unsaved code).` : 'Your role cannot run agents.'}
        </p>
      )}
      <div className="studio-row">
        <button
          type="button"
          className="button button-primary"
          disabled={!parsed.ok || run.isPending || !(canRunDraft || canRunSaved)}
          onClick={() => {
            if (!parsed.ok) return;
            const { draft, trusted } = store.getState();
            if (canRunDraft) draftRun.mutate({ content: draft, inputs: parsed.value, trusted });
            else savedRun.mutate({ version: base, inputs: parsed.value, trusted });
          }}
        >
          {run.isPending ? 'Running…' : 'Run test'}
        </button>
        <button type="button" className="button" onClick={() => setText(JSON.stringify(sampleInput(inputSchema), null, 2))}>
          Input from schema
        </button>
      </div>
      {run.error && <ErrorNotice error={run.error} />}
      {run.data && <TestResult result={run.data} />}
    </div>
  );
}

function TestResult({ result }: { result: ExecuteCodeResult }) {
  const ok = result.status === 'succeeded';
  return (
    <div className="studio-result" data-testid="test-result" data-status={result.status}>
      <div className="studio-row">
        <span className={ok ? 'tag' : 'tag tag-warn'}>{result.status}</span>
        <span className="muted">
          {formatDuration(result.durationMs)}
          {result.runtime ? ` on ${result.runtime}${result.backend ? ` (${result.backend})` : ''}` : ''}
          {result.cold ? ', cold start' : ''}
        </span>
      </div>
      {ok ? (
        <>
          <span className="studio-label">Output</span>
          <pre className="studio-pre" data-testid="test-output">
            {JSON.stringify(result.output ?? null, null, 2)}
          </pre>
        </>
      ) : (
        <p className="field-error" role="alert">
          <strong>{result.error?.code}</strong>: {result.error?.message}
        </p>
      )}
      <span className="studio-label">Logs{result.logsTruncated ? ' (truncated)' : ''}</span>
      {result.logs.length === 0 ? (
        <p className="muted">No output on stdout or stderr.</p>
      ) : (
        <pre className="studio-pre studio-logs" data-testid="test-logs">
          {result.logs.map((l, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: log lines have no identity; the list is replaced whole
            <span key={i} data-stream={l.stream}>
              {l.line}
              {'\n'}
            </span>
          ))}
        </pre>
      )}
      <p className="muted">{result.decision.reason}</p>
    </div>
  );
}
