import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { AuditPage } from './AuditPage.tsx';
import { MembersPage } from './MembersPage.tsx';
import { TokensPage } from './TokensPage.tsx';
import { WorkspaceSettingsPage } from './WorkspaceSettingsPage.tsx';
import '../pages/home.css';
import './settings.css';

/** The settings pages, in the order of the side navigation: `/settings/<slug>`. */
const PAGES = {
  members: { title: 'Members', page: MembersPage },
  tokens: { title: 'API tokens', page: TokensPage },
  audit: { title: 'Audit log', page: AuditPage },
  workspace: { title: 'Workspace', page: WorkspaceSettingsPage },
} as const;
type Slug = keyof typeof PAGES;

/** `/settings/:page`: members and invites, API tokens, the audit log, the workspace itself. */
export function SettingsRoute({ page }: { page: string }) {
  const entry = page in PAGES ? PAGES[page as Slug] : null;
  return <SettingsLayout>{entry ? <entry.page /> : <p className="muted">No such settings page.</p>}</SettingsLayout>;
}

function SettingsLayout({ children }: { children: ReactNode }) {
  const [location] = useLocation();
  const queryClient = useQueryClient();
  return (
    <main className="content settings">
      <nav className="settings-nav" aria-label="Settings">
        {(Object.keys(PAGES) as Slug[]).map((slug) => {
          const current = location === `/settings/${slug}`;
          return (
            <Link
              key={slug}
              href={`/settings/${slug}`}
              aria-current={current ? 'page' : undefined}
              // The page stays mounted when its own link is clicked: ask again for what it shows instead.
              onClick={current ? () => void queryClient.invalidateQueries({ type: 'active' }) : undefined}
            >
              {PAGES[slug].title}
            </Link>
          );
        })}
      </nav>
      <div className="settings-main">{children}</div>
    </main>
  );
}
