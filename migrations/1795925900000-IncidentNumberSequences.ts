import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reference numbers (INC-<year>-<number>) come from one sequence per year instead of a counter
 * row per year. Every intake updated that one row and committed it on its own: a hot row that
 * all intakes queued on, and a WAL flush each. A sequence hands numbers out without a lock or a
 * commit; as before, a failed intake leaves a gap, never a duplicate.
 *
 * next_incident_number(year) creates the year's sequence on first use (two first intakes of a
 * year racing: one creates it, the other finds it). raise_incident_number(year, n) moves it to
 * at least n, for loaders that write references themselves (bench:seed).
 */
export class IncidentNumberSequences1795925900000 implements MigrationInterface {
  name = 'IncidentNumberSequences1795925900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION next_incident_number(y integer) RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        name text := 'incident_numbers_' || y;
      BEGIN
        IF to_regclass(name) IS NULL THEN
          BEGIN
            EXECUTE format('CREATE SEQUENCE %I', name);
          EXCEPTION WHEN duplicate_table OR unique_violation THEN
            NULL; -- created meanwhile by another intake
          END;
        END IF;
        RETURN nextval(name);
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION raise_incident_number(y integer, at_least bigint) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        name text := 'incident_numbers_' || y;
        current bigint;
      BEGIN
        IF to_regclass(name) IS NULL THEN
          BEGIN
            EXECUTE format('CREATE SEQUENCE %I', name);
          EXCEPTION WHEN duplicate_table OR unique_violation THEN
            NULL;
          END;
        END IF;
        PERFORM pg_advisory_xact_lock(72031512, y);
        EXECUTE format('SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM %I',
                       name) INTO current;
        IF current < at_least THEN
          PERFORM setval(name, at_least);
        END IF;
      END $$`);
    await queryRunner.query(`
      DO $$
      DECLARE
        counter record;
      BEGIN
        FOR counter IN SELECT year, last FROM incident_counters LOOP
          EXECUTE format('CREATE SEQUENCE %I START %s', 'incident_numbers_' || counter.year,
                         counter.last + 1);
        END LOOP;
      END $$`);
    await queryRunner.query(`DROP TABLE "incident_counters"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "incident_counters" ("year" integer NOT NULL, "last" integer NOT NULL, CONSTRAINT "PK_9a8ef4470c7e2e5ae5fedb50083" PRIMARY KEY ("year"))`,
    );
    await queryRunner.query(`
      DO $$
      DECLARE
        sequence record;
      BEGIN
        FOR sequence IN
          SELECT substring(sequencename FROM 18)::integer AS year,
                 COALESCE(last_value, start_value - 1) AS last
            FROM pg_sequences
           WHERE schemaname = current_schema() AND sequencename ~ '^incident_numbers_[0-9]+$'
        LOOP
          INSERT INTO incident_counters (year, last) VALUES (sequence.year, sequence.last);
          EXECUTE format('DROP SEQUENCE %I', 'incident_numbers_' || sequence.year);
        END LOOP;
      END $$`);
    await queryRunner.query(`DROP FUNCTION raise_incident_number(integer, bigint)`);
    await queryRunner.query(`DROP FUNCTION next_incident_number(integer)`);
  }
}
