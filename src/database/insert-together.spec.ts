import { insertTogether } from './insert-together';

describe('insertTogether', () => {
  it('writes one insert as is, with its parameters in order', () => {
    const [sql, parameters] = insertTogether([{ table: 'a', row: { x: 1, y: 'two' } }]);

    expect(sql.replace(/\s+/g, ' ')).toBe('INSERT INTO "a" ("x", "y") VALUES ($1, $2)');
    expect(parameters).toEqual([1, 'two']);
  });

  it('runs all but the last insert as CTEs and numbers the parameters across them', () => {
    const [sql, parameters] = insertTogether(
      [
        { table: 'history', row: { incident_id: 'i1', kind: 'created' } },
        { table: 'outbox', row: { type: 't' } },
        { table: 'incidents', row: { id: 'i1', tags: ['a', 'b'] } },
      ],
      '"id", "tags"',
    );

    expect(sql.replace(/\s+/g, ' ')).toBe(
      'WITH w0 AS (INSERT INTO "history" ("incident_id", "kind") VALUES ($1, $2)), ' +
        'w1 AS (INSERT INTO "outbox" ("type") VALUES ($3)) ' +
        'INSERT INTO "incidents" ("id", "tags") VALUES ($4, $5) RETURNING "id", "tags"',
    );
    expect(parameters).toEqual(['i1', 'created', 't', 'i1', ['a', 'b']]);
  });

  it('refuses an empty list', () => {
    expect(() => insertTogether([])).toThrow('insertTogether needs at least one insert');
  });
});
