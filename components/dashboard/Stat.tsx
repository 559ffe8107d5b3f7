import { useId } from 'react';

/** One figure of the overview: a title, the value, a line saying what it counts. */
export function Stat({ title, value, detail }: { title: string; value: string; detail: string }) {
  const id = useId();
  return (
    <section className="hb-stat" aria-labelledby={id}>
      <h2 id={id} className="hb-stat-title">
        {title}
      </h2>
      <p className="hb-stat-value">{value}</p>
      <p className="hb-stat-detail">{detail}</p>
    </section>
  );
}
