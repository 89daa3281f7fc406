import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from "kysely";
import type pg from "pg";

/** At most this many distinct statements are named; the rest run unnamed, parsed and planned each time. */
const NAMED_STATEMENTS_MAX = 1_000;
/** A statement with more parameters than this is a bulk one (a chunk of ids, rows): it runs unnamed. */
const NAMED_PARAMETERS_MAX = 64;

/** `select *`, `t.*`, `a, *`: columns that are read when the statement is prepared. `count(*)` is not one. */
const ALL_COLUMNS = /(?:\.|\bselect\s+|,\s*)\*/i;

/**
 * The name a statement runs under, or undefined to run it unnamed. Only reads are named, and only those that
 * name their columns: a `*` is expanded when a statement is prepared, so a column a later migration adds
 * would make PostgreSQL refuse the prepared statement on every connection that holds it.
 */
function statementNamer(): (text: string, parameterCount: number) => string | undefined {
  const names = new Map<string, string>();
  return (text, parameterCount) => {
    const known = names.get(text);
    if (known !== undefined) return known;
    if (parameterCount > NAMED_PARAMETERS_MAX || names.size >= NAMED_STATEMENTS_MAX) return undefined;
    if (!/^\s*select\s/i.test(text) || ALL_COLUMNS.test(text)) return undefined;
    const name = `crewdesk_${names.size + 1}`;
    names.set(text, name);
    return name;
  };
}

/**
 * The pool Kysely is given on PostgreSQL: each read runs as a named prepared statement, so a connection parses
 * it once and PostgreSQL may keep its plan, instead of parsing and planning the same text on every request.
 * node-postgres prepares a name on a connection the first time that connection runs it. Cursors pass as they
 * are.
 */
export function withPreparedStatements(pool: pg.Pool): PostgresPool {
  const nameOf = statementNamer();
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  function wrap(client: pg.PoolClient): PostgresPoolClient {
    let own = wrapped.get(client);
    if (own) return own;
    function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
    function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
    function query<R>(
      sqlOrCursor: string | PostgresCursor<R>,
      parameters?: ReadonlyArray<unknown>,
    ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
      if (typeof sqlOrCursor !== "string") return client.query(sqlOrCursor as never) as PostgresCursor<R>;
      const values = [...(parameters ?? [])];
      const name = nameOf(sqlOrCursor, values.length);
      const config: pg.QueryConfig = name
        ? { name, text: sqlOrCursor, values }
        : { text: sqlOrCursor, values };
      return client.query(config) as unknown as Promise<PostgresQueryResult<R>>;
    }
    own = { query, release: (destroy?: boolean) => client.release(destroy) };
    wrapped.set(client, own);
    return own;
  }
  return {
    connect: async () => wrap(await pool.connect()),
    end: () => pool.end(),
  };
}
