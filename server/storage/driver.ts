// The tiny query interface both storage drivers (PGlite, Postgres via pg) implement. The
// SQL above it is the same for both: PGlite is Postgres compiled to WebAssembly.

export interface Queryable {
  /** Runs one statement with $1.. parameters and returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs several statements without parameters (the simple query protocol). */
  exec(sql: string): Promise<void>;
}

export interface Driver extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn inside BEGIN .. COMMIT (ROLLBACK when it throws) on one connection. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
