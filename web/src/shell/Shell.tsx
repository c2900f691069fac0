import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { HealthIndicator } from '../HealthIndicator.tsx';
import { ThemeToggle } from '../theme/ThemeToggle.tsx';
import { UserMenu } from './UserMenu.tsx';
import { WorkspaceSwitcher } from './WorkspaceSwitcher.tsx';
import './shell.css';

/** The header every non-editor page shares: brand, navigation, health, workspace, account, theme. */
export function Shell({ children }: { children: ReactNode }) {
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
          <Link href="/settings/members">Settings</Link>
        </nav>
        <div className="topbar-end">
          <HealthIndicator />
          <WorkspaceSwitcher />
          <UserMenu />
          <ThemeToggle />
        </div>
      </header>
      {children}
    </div>
  );
}
