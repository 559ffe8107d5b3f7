import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { request } from '@/lib/messages/client';
import type { PageHealth } from '@/lib/messages/protocol';
import { ANCHOR_NAMES, ANCHORS, type Anchor } from '@/lib/x/health';

/** What Handlebook found on the active X tab: all good, or which of X's anchors went missing. */
export function PageStatus() {
  const [report, setReport] = useState<PageHealth | null | undefined>(undefined);
  useEffect(() => {
    void (async () => {
      // popup.html?tabId=N shows tab N (used when the popup is opened as a page, e.g. in tests);
      // from the toolbar it shows the active tab.
      const fromUrl = Number(new URLSearchParams(location.search).get('tabId'));
      const tabId = Number.isInteger(fromUrl) && fromUrl > 0 ? fromUrl : (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
      if (tabId === undefined) return setReport(null);
      setReport((await request('health.get', { tabId })).report);
    })().catch(() => setReport(null));
  }, []);
  if (report === undefined) return null;
  if (report === null) {
    return <p className="hb-status hb-muted" role="status">Open x.com to use Handlebook.</p>;
  }
  const missing = ANCHORS.filter((a: Anchor) => report.anchors[a] === false);
  if (!missing.length) {
    return (
      <p className="hb-status hb-ok" role="status">
        Working on this X page.
      </p>
    );
  }
  return (
    <p className="hb-status hb-warning" role="alert">
      X changed its page: {missing.map((a) => ANCHOR_NAMES[a]).join(', ')} not found.{' '}
      {report.disabledFeatures.length > 0 && <>Switched off for now: {report.disabledFeatures.join(', ')}.</>}
    </p>
  );
}
