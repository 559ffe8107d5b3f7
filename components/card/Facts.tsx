import type { Customer, Interaction } from '@/lib/db/types';
import { formatDate, formatDuration, median } from './format';

/** What we know without anyone typing it: first seen, followers, response times. */
export function Facts({ customer, interactions }: { customer: Customer; interactions: Interaction[] }) {
  const responses = interactions.flatMap((i) => (i.responseMs !== undefined ? [i.responseMs] : []));
  const typical = median(responses);
  return (
    <dl className="hb-facts">
      <dt>First seen</dt>
      <dd>{formatDate(customer.firstSeen)}</dd>
      {customer.followers !== undefined && (
        <>
          <dt>Followers</dt>
          <dd>{customer.followers.toLocaleString()} (as last seen)</dd>
        </>
      )}
      <dt>Interactions</dt>
      <dd>
        {customer.interactionCount}
        {customer.lastContact > 0 && `, last ${formatDate(customer.lastContact)}`}
      </dd>
      {customer.waitingSince !== undefined && (
        <>
          <dt>Waiting on us</dt>
          <dd className="hb-waiting">since {formatDate(customer.waitingSince)}</dd>
        </>
      )}
      {typical !== undefined && (
        <>
          <dt>First response</dt>
          <dd>
            {formatDuration(typical)} median over {responses.length} case{responses.length === 1 ? '' : 's'}
          </dd>
        </>
      )}
    </dl>
  );
}
