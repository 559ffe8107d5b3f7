import { useId } from 'react';
import { ExportPanel } from './ExportPanel';
import { ImportPanel } from './ImportPanel';
import { InstalledPacks, SubscribePanel } from './InstalledPacks';
import '@/components/templates/library.css';

/** Team packs: import, subscribe, installed packs and export, as one self-contained section. */
export function PacksSection() {
  const headingId = useId();
  return (
    <section className="hb-lib-section hb-packs" aria-labelledby={headingId}>
      <h2 id={headingId}>Team packs</h2>
      <p className="hb-lib-intro">
        Share canned replies with your team as a pack file, a CSV sheet or a subscription URL. Replies you edit are never overwritten without
        asking.
      </p>
      <div className="hb-pack-columns">
        <ImportPanel />
        <SubscribePanel />
      </div>
      <InstalledPacks />
      <ExportPanel />
    </section>
  );
}
