import { useEffect, useState } from 'react';
import { loadWhatsNewLine } from '@/lib/release/whats-new';

/** For a week after an update: one line saying what changed (lib/release/whats-new.ts). */
export function WhatsNew() {
  const [line, setLine] = useState<string | null>(null);
  useEffect(() => {
    void loadWhatsNewLine(Date.now())
      .then(setLine)
      .catch(() => setLine(null));
  }, []);
  if (!line) return null;
  return (
    <p className="hb-whats-new" role="status">
      {line}
    </p>
  );
}
