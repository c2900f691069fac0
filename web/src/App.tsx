import { Link, Route, Switch } from 'wouter';
import { EditorRoute } from './editor/EditorRoute.tsx';
import { HealthIndicator } from './HealthIndicator.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { ThemeToggle } from './theme/ThemeToggle.tsx';

/**
 * Routes: `/` lists workflows; `/workflows/:id` edits one; `/workflows/:id/versions/:version` shows
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
      <Route path="/">
        <div className="shell">
          <header className="topbar">
            <Link className="brand" href="/">
              <img src="/favicon.svg" alt="" width={24} height={24} />
              <span>Switchyard</span>
            </Link>
            <div className="topbar-end">
              <HealthIndicator />
              <ThemeToggle />
            </div>
          </header>
          <HomePage />
        </div>
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
