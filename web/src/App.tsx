import { lazy, Suspense } from 'react';
import { Link, Redirect, Route, Switch } from 'wouter';
import { AuthGate } from './auth/AuthGate.tsx';
import { InvitePage } from './auth/InvitePage.tsx';
import { EditorRoute } from './editor/EditorRoute.tsx';
import { CodeAgentsPage } from './pages/code-agents/CodeAgentsPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { RuntimesPage } from './pages/runtimes/RuntimesPage.tsx';
import { SettingsRoute } from './settings/SettingsLayout.tsx';
import { Shell } from './shell/Shell.tsx';

/** Sandbox Studio is its own chunk: the canvas and the lists load without it. */
const StudioRoute = lazy(() => import('./studio/StudioRoute.tsx').then((m) => ({ default: m.StudioRoute })));

/**
 * `/invite/:token` is open to anyone with the link; everything else is behind the auth gate (owner setup, sign-in).
 */
export function App() {
  return (
    <Switch>
      <Route path="/invite/:token">{(p) => <InvitePage token={p.token} />}</Route>
      <Route>
        <AuthGate>
          <SignedInRoutes />
        </AuthGate>
      </Route>
    </Switch>
  );
}

/**
 * Routes: `/` lists workflows; `/runtimes` shows where code runs and how it went; `/workflows/:id` edits one; `/workflows/:id/versions/:version` shows
 * an old version read-only; `/workflows/:id/runs/:runId` shows a past run on the graph it ran; `/settings/*` members, tokens, audit, workspace.
 */
function SignedInRoutes() {
  return (
    <Switch>
      <Route path="/workflows/:id/versions/:version">
        {(p) => <EditorRoute workflowId={p.id} version={Number(p.version)} />}
      </Route>
      <Route path="/workflows/:id/runs/:runId">{(p) => <EditorRoute workflowId={p.id} runId={p.runId} />}</Route>
      <Route path="/workflows/:id">{(p) => <EditorRoute workflowId={p.id} />}</Route>
      <Route path="/studio/:agentId">
        {(p) => (
          <Suspense fallback={<p className="content muted">Loading Sandbox Studio…</p>}>
            <StudioRoute agentId={p.agentId} />
          </Suspense>
        )}
      </Route>
      <Route path="/code-agents">
        <Shell>
          <CodeAgentsPage />
        </Shell>
      </Route>
      <Route path="/runtimes">
        <Shell>
          <RuntimesPage />
        </Shell>
      </Route>
      <Route path="/settings">
        <Redirect to="/settings/members" replace />
      </Route>
      <Route path="/settings/:page">
        {(p) => (
          <Shell>
            <SettingsRoute page={p.page} />
          </Shell>
        )}
      </Route>
      <Route path="/">
        <Shell>
          <HomePage />
        </Shell>
      </Route>
      <Route>
        <main className="content">
          <p>
            Page not found. <Link href="/">Back to workflows</Link>
          </p>
        </main>
      </Route>
    </Switch>
  );
}
