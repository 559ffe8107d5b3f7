import { browser } from 'wxt/browser';
import iconUrl from '@/assets/icon.svg';
import { HowItWorks } from './HowItWorks';
import { ImportChoices } from './ImportChoices';
import { SampleDeskPanel } from './SampleDeskPanel';

/**
 * The welcome page a first install opens: how Handlebook works on x.com in three steps, then
 * two ways to start: a sample desk to try, or what the person already has (a pack, a backup).
 */
export function Welcome({ teamName }: { teamName: string | undefined }) {
  return (
    <main className="hb-lib-section hb-welcome">
      <header className="hb-welcome-header">
        <img src={iconUrl} alt="" width={56} height={56} />
        <div>
          <h1>Welcome to Handlebook</h1>
          <p className="hb-muted">
            A customer-service desk inside x.com: what you know about each customer, right beside their tweets. Everything stays in this
            browser.
          </p>
        </div>
      </header>
      <HowItWorks />
      <div className="hb-welcome-start">
        <SampleDeskPanel teamName={teamName} />
        <ImportChoices />
      </div>
      <footer className="hb-welcome-footer hb-muted">
        Handlebook works on x.com and twitter.com as soon as you open them. The toolbar button searches your customers and says how
        Handlebook is doing on the tab;{' '}
        <a href={browser.runtime.getURL('/dashboard.html')} target="_blank" rel="noreferrer">
          the dashboard
        </a>{' '}
        holds everything else.
      </footer>
    </main>
  );
}
