import { useId } from 'react';
import type { CaseStatus } from '@/lib/db/types';
import { STATUS_LABELS } from '@/lib/content/badge-label';

export function StatusPicker({ status, onChange }: { status: CaseStatus; onChange: (s: CaseStatus) => void }) {
  const id = useId();
  return (
    <div className="hb-row">
      <label htmlFor={id}>Case</label>
      <select id={id} value={status} onChange={(e) => onChange(e.target.value as CaseStatus)}>
        {(Object.keys(STATUS_LABELS) as CaseStatus[]).map((s) => (
          <option key={s} value={s}>
            {STATUS_LABELS[s]}
          </option>
        ))}
      </select>
    </div>
  );
}
