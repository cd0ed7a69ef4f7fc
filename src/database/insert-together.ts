/** One row for one table: SQL column names and the values pg sends as parameters. */
export interface RowInsert {
  table: string;
  row: Record<string, unknown>;
}

/**
 * Several inserts as one statement: all but the last run as data-modifying CTEs, and the last
 * may return columns. One statement is one round trip, and outside a transaction it is a
 * transaction of its own, so the rows stand or fall together. Foreign keys between them hold:
 * PostgreSQL checks them at the end of the statement, when every row is in.
 *
 * Table and column names come from code, never from input; values are always parameters.
 */
export function insertTogether(inserts: RowInsert[], returning?: string): [string, unknown[]] {
  if (inserts.length === 0) throw new Error('insertTogether needs at least one insert');
  const parameters: unknown[] = [];
  const insert = ({ table, row }: RowInsert): string => {
    const columns = Object.keys(row);
    const placeholders = columns.map((column) => {
      parameters.push(row[column]);
      return `$${parameters.length}`;
    });
    return `INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(', ')})
      VALUES (${placeholders.join(', ')})`;
  };
  const ctes = inserts.slice(0, -1).map((each, index) => `w${index} AS (${insert(each)})`);
  const last = insert(inserts[inserts.length - 1]);
  const sql =
    (ctes.length > 0 ? `WITH ${ctes.join(',\n     ')}\n` : '') +
    last +
    (returning ? `\n  RETURNING ${returning}` : '');
  return [sql, parameters];
}
