import { useId, useState } from 'react';
import { ImportPanel } from '@/components/packs/ImportPanel';
import { RestoreCard } from '@/components/backup/BackupSection';

/**
 * Bring what you already have: the dashboard's own import of a pack (or a Zendesk export, or a
 * CSV sheet) and its restore of a backup, behind one button, so a first-time user who comes
 * from another browser or a team starts with their replies and customers.
 */
export function ImportChoices() {
  const headingId = useId();
  const [open, setOpen] = useState(false);
  return (
    <section className="hb-welcome-card" aria-labelledby={headingId}>
      <h2 id={headingId}>Bring your own</h2>
      <p className="hb-muted">
        Your team’s canned replies as a pack file, a Zendesk macros export or a CSV sheet, or a Handlebook backup from another browser.
        You see what changes before anything is saved.
      </p>
      <button type="button" className="hb-lib-btn hb-lib-btn-primary" aria-expanded={open} onClick={() => setOpen(!open)}>
        Import a pack or a backup
      </button>
      {open && (
        <div className="hb-lib-section hb-welcome-imports">
          <ImportPanel />
          <RestoreCard />
        </div>
      )}
    </section>
  );
}
