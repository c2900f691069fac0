import { lazy, type ReactNode, Suspense } from 'react';
import { Link, Route, Switch } from 'wouter';
import { EditorRoute } from './editor/EditorRoute.tsx';
import { HealthIndicator } from './HealthIndicator.tsx';
import { CodeAgentsPage } from './pages/code-agents/CodeAgentsPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { RuntimesPage } from './pages/runtimes/RuntimesPage.tsx';
import { ThemeToggle } from './theme/ThemeToggle.tsx';

/** Sandbox Studio is its own chunk: the canvas and the lists load without it. */
const StudioRoute = lazy(() => import('./studio/StudioRoute.tsx').then((m) => ({ default: m.StudioRoute })));

/** The header every non-editor page shares: brand, navigation, health, theme. */
function Shell({ children }: { children: ReactNode }) {
  return (
    <div className="shell">
      <header className="topbar">
        <Link className="brand" href="/">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          <span>Switchyard</span>
        </Link>
        <nav className="topbar-nav" aria-label="Sections">
          <Link href="/">Workflows</Link>
          <Link href="/code-agents">Code agents</Link>
          <Link href="/runtimes">Runtimes</Link>
        </nav>
        <div className="topbar-end">
          <HealthIndicator />
          <ThemeToggle />
        </div>
      </header>
      {children}
    </div>
  );
}

/**
 * Routes: `/` lists workflows; `/runtimes` shows where code runs and how it went; `/workflows/:id` edits one; `/workflows/:id/versions/:version` shows
 * an old version read-only; `/workflows/:id/runs/:runId` shows a past run on the graph it ran.
 */
export function App() {
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
