import { EntityManager } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils';
import { RowInsert } from '../database/insert-together';
import { Incident } from './incident.entity';

type RawRow = Record<string, unknown>;

/** The incident's selectable columns (not the search vector), as written in SQL. */
export function incidentColumns(manager: EntityManager): string[] {
  return manager.connection
    .getMetadata(Incident)
    .columns.filter((column) => column.isSelect)
    .map((column) => `"${column.databaseName}"`);
}

/**
 * Reads the incident of a raw row without TypeORM's entity hydration: the entity's metadata
 * gives each column's key and property once, not once per row. Keys are TypeORM's aliases for
 * `alias` (`i_<column>`, as a query builder selects them), or the column names themselves
 * (RETURNING) when no alias is given. The pg driver has already parsed the values (dates stay
 * strings, data-source.ts).
 */
export function incidentReader(manager: EntityManager, alias?: string): (row: RawRow) => Incident {
  const columns = manager.connection
    .getMetadata(Incident)
    .columns.filter((column) => column.isSelect)
    .map((column) => ({
      key:
        alias === undefined
          ? column.databaseName
          : DriverUtils.buildAlias(
              manager.connection.driver,
              undefined,
              alias,
              column.databaseName,
            ),
      property: column.propertyName,
      from: column.transformer && !Array.isArray(column.transformer) ? column.transformer : null,
    }));
  return (row) => {
    const incident = new Incident();
    const target = incident as unknown as RawRow;
    for (const column of columns) {
      const value = row[column.key];
      target[column.property] = column.from ? column.from.from(value) : value;
    }
    return incident;
  };
}

/**
 * The `incidents` row of these entity values, for insertTogether: column names from the
 * entity's metadata, JSON columns serialised as TypeORM would. Undefined values are left out,
 * so the column defaults apply.
 */
export function incidentRowWriter(
  manager: EntityManager,
): (values: Partial<Incident>) => RowInsert {
  const metadata = manager.connection.getMetadata(Incident);
  const columns = new Map(
    metadata.columns
      .filter((column) => column.isInsert)
      .map((column) => [
        column.propertyName,
        { name: column.databaseName, json: column.type === 'jsonb' || column.type === 'json' },
      ]),
  );
  return (values) => {
    const row: Record<string, unknown> = {};
    for (const [property, value] of Object.entries(values)) {
      if (value === undefined) continue;
      const column = columns.get(property);
      if (!column) throw new Error(`incidents has no insertable column for "${property}"`);
      row[column.name] = column.json ? JSON.stringify(value) : value;
    }
    return { table: metadata.tableName, row };
  };
}
