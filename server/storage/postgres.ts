// Server storage: a real Postgres through `pg` (DATABASE_URL). Several instances may share
// one database; the SQL in index.ts is written for that (row locks, ON CONFLICT).
import pg from 'pg';
import type { Driver, Queryable } from './driver';

export async function openPostgres(url: string): Promise<Driver> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client's error (e.g. the server restarted) must not crash the process; the pool
  // drops that client and the next query gets a fresh one.
  pool.on('error', (error) => console.error(`postgres: idle client error: ${error.message}`));
  // Fail at start, not at the first request, when the database is unreachable.
  await pool.query('SELECT 1');
  const query: Queryable['query'] = async <Row>(sql: string, params: unknown[] = []) => {
    const result = await pool.query(sql, params);
    return result.rows as Row[];
  };
  return {
    kind: 'postgres',
    query,
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async <Row>(sql: string, params: unknown[] = []) =>
            (await client.query(sql, params)).rows as Row[],
          exec: async (sql: string) => {
            await client.query(sql);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
