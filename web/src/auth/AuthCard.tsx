import type { ReactNode } from 'react';
import './auth.css';

/** The centred card of the pages shown before the app: brand, title, a line of context, the form. */
export function AuthCard({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <main className="auth-page">
      <section className="panel auth-card" aria-labelledby="auth-title">
        <div className="brand">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          <span>Switchyard</span>
        </div>
        <h1 id="auth-title">{title}</h1>
        {intro && <p className="muted">{intro}</p>}
        {children}
      </section>
    </main>
  );
}
