import { useEffect, useMemo, useState } from 'react';
import type { ActivityEntry } from '@/lib/db/activity-days';
import type { Customer } from '@/lib/db/types';
import { DEFAULT_SETTINGS, type SlaTargets } from '@/lib/settings/schema';
import { loadSettings, watchSettings } from '@/lib/settings/store';
import { shortDuration } from '@/lib/content/badge-label';
import { answeredWithinTarget, pastTarget, targetMsOf } from '@/lib/sla/targets';
import { formatCount, plural } from './format';
import { Stat } from './Stat';

// The overview's service-level figures: the cases past their target now (what the toolbar
// badge counts) and the share of this week's answers given within the target.

function useSlaTargets(): SlaTargets {
  const [targets, setTargets] = useState<SlaTargets>(DEFAULT_SETTINGS.slaTargets);
  useEffect(() => {
    const controller = new AbortController();
    void loadSettings().then((s) => setTargets(s.slaTargets), () => undefined);
    watchSettings((s) => setTargets(s.slaTargets), controller.signal);
    return () => controller.abort();
  }, []);
  return targets;
}

export function SlaStats({ customers, recent, now }: { customers: readonly Customer[] | undefined; recent: readonly ActivityEntry[] | undefined; now: number }) {
  const targets = useSlaTargets();
  const past = useMemo(() => (customers ? pastTarget(customers, targets, now) : undefined), [customers, targets, now]);
  const week = useMemo(() => (recent ? answeredWithinTarget(recent, targets, now) : undefined), [recent, targets, now]);
  const answerTarget = targetMsOf(targets, 'waiting_us');
  return (
    <>
      <Stat
        title="Past target"
        value={past ? formatCount(past.length) : '…'}
        detail={!past ? 'Loading…' : past.length ? `longest waiting ${shortDuration(now - past[0]!.since)}` : 'Every case is within its target'}
      />
      <Stat
        title="Answered within target, last 7 days"
        value={!week ? '…' : week.share === undefined ? '—' : `${Math.round(week.share * 100)}%`}
        detail={
          !week
            ? 'Loading…'
            : answerTarget === undefined
              ? 'No target set for cases waiting on us'
              : week.answered
                ? `${formatCount(week.within)} of ${plural(week.answered, 'case')} within ${shortDuration(answerTarget)}`
                : 'No case answered this week'
        }
      />
    </>
  );
}
