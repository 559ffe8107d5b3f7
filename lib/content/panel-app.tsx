import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { CustomerCard } from '@/components/CustomerCard';
import { customerActions, type CustomerActions } from '@/components/customer-actions';
import type { Customer, Interaction } from '@/lib/db/types';
import type { AccountRef } from '@/lib/db/identity';
import { request } from '@/lib/messages/client';
import type { XTheme } from '@/lib/x/theme';
import type { CardTarget, PanelController } from './panel-controller';
import type { CustomerCache } from './customer-cache';
import type { ComposerServices } from './composer-services';
import { PickerPanel } from './picker-panel';
import { GuardPanel } from './guard-panel';
import { SplitPanel } from './split-panel';
import { summarize } from '@/lib/db/summaries';
import { pagePresence } from './presence';
import { pageRoster } from './team-roster';

export interface PanelAppProps {
  panel: PanelController;
  customers: CustomerCache;
  theme: () => XTheme;
  composer: ComposerServices;
}

/** The one React root in X's page: shows the card the panel controller points at. */
export function PanelApp({ panel, customers, theme, composer }: PanelAppProps) {
  const view = useSyncExternalStore(
    (cb) => panel.subscribe(cb),
    () => panel.view,
  );
  if (!view) return null;
  switch (view.kind) {
    case 'card':
      return <CardPanel key={view.target.handle.toLowerCase()} target={view.target} panel={panel} customers={customers} theme={theme()} />;
    case 'picker':
      return <PickerPanel view={view} panel={panel} theme={theme()} composer={composer} />;
    case 'guard':
      return <GuardPanel view={view} panel={panel} theme={theme()} />;
    case 'split':
      return <SplitPanel view={view} panel={panel} theme={theme()} composer={composer} />;
  }
}

function CardPanel({
  target,
  panel,
  customers,
  theme,
}: {
  target: CardTarget;
  panel: PanelController;
  customers: CustomerCache;
  theme: XTheme;
}) {
  const [customer, setCustomer] = useState<Customer | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const dialog = useRef<HTMLDivElement>(null);
  // Keyboard users land in the card; Escape then closes it and focus returns to the badge.
  useEffect(() => dialog.current?.focus(), []);
  const ref: AccountRef = target.userId ? { handle: target.handle, userId: target.userId } : { handle: target.handle };

  // The other team members on this customer (the card reports "viewing" itself: boot.ts).
  const presence = useSyncExternalStore(pagePresence.subscribeAll, () => pagePresence.get(target.handle));
  const roster = useSyncExternalStore(pageRoster.subscribe, () => pageRoster.current);
  const [interactions, setInteractions] = useState<Interaction[]>([]);
  const [knownTags, setKnownTags] = useState<string[]>([]);
  const showError = (e: unknown) => setError(e instanceof Error ? e.message : String(e));

  const load = useCallback(() => {
    request('customers.get', { ref })
      .then(async (reply) => {
        setCustomer(reply.customer);
        const history = reply.customer ? await request('interactions.list', { customerKey: reply.customer.key }) : null;
        setInteractions(history?.interactions ?? []);
      })
      .catch(showError);
    request('tags.list', {})
      .then((reply) => setKnownTags(reply.tags))
      .catch(showError);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [target.handle, target.userId]);

  useEffect(load, [load]);

  // Another tab or the dashboard changed this customer: the cache hears it first.
  useEffect(() => {
    const controller = new AbortController();
    customers.subscribe((handles) => {
      if (handles.has(target.handle.toLowerCase())) load();
    }, controller.signal);
    return () => controller.abort();
  }, [customers, load, target.handle]);

  const base = customerActions(ref, target.displayName);
  // Writes answer with the new record: show it at once and refresh the badges' cache.
  const applied = (p: Promise<Customer>) =>
    p.then((c) => {
      setCustomer(c);
      setError(null);
      customers.put(c.handle, summarize(c));
      return c;
    });
  const actions: CustomerActions = {
    addNote: (text) => applied(base.addNote(text)),
    updateNote: (key, id, text) => applied(base.updateNote(key, id, text)),
    deleteNote: (key, id) => applied(base.deleteNote(key, id)),
    update: (patch) => applied(base.update(patch)),
    assign: (to) => applied(base.assign(to)),
  };

  return (
    <div
      ref={dialog}
      tabIndex={-1}
      className={`hb-panel hb-theme-${theme}`}
      role="dialog"
      aria-modal="false"
      aria-label={`Handlebook card for @${target.handle}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          panel.close();
        }
      }}
    >
      <button type="button" className="hb-close" aria-label="Close Handlebook card" onClick={() => panel.close()}>
        ×
      </button>
      {error && (
        <p className="hb-error" role="alert">
          {error}
        </p>
      )}
      {customer === undefined ? (
        <p className="hb-muted" aria-busy="true">
          Loading…
        </p>
      ) : (
        <CustomerCard
          customer={customer}
          handle={target.handle}
          displayName={target.displayName}
          interactions={interactions}
          knownTags={knownTags}
          actions={actions}
          onError={setError}
          presence={presence}
          roster={roster}
          {...(target.statusId
            ? {
                onLogTweet: async (openCase: boolean) => {
                  await applied(
                    request('interactions.logIncoming', {
                      ref,
                      displayName: target.displayName,
                      tweetId: target.statusId!,
                      text: target.tweetText ?? '',
                      ...(target.tweetTime ? { tweetedAt: Date.parse(target.tweetTime) } : {}),
                      openCase,
                    }).then((r) => r.customer),
                  ).catch((e: unknown) => {
                    showError(e);
                    throw e;
                  });
                  load();
                },
              }
            : {})}
        />
      )}
    </div>
  );
}
