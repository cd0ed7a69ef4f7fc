import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The title publication shows, written by writers (spec 6); the incident's own title when it
 * is not set. The public search vector follows it.
 */
export class PublicTitle1795926200000 implements MigrationInterface {
  name = 'PublicTitle1795926200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "incidents" ADD "public_title" character varying(200)`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION incidents_derive() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              NEW.countries := ARRAY(
                SELECT DISTINCT upper(l->>'countryCode') FROM jsonb_array_elements(NEW.locations) l
                 WHERE l ? 'countryCode' ORDER BY 1);
              NEW.search :=
                setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
                setweight(to_tsvector('english', coalesce(
                  (SELECT string_agg(a->>'name', ' ') FROM jsonb_array_elements(NEW.actors) a), '')), 'B') ||
                setweight(to_tsvector('english', coalesce(
                  (SELECT string_agg(concat_ws(' ', l->>'placeName', l->>'adminArea'), ' ')
                     FROM jsonb_array_elements(NEW.locations) l), '')), 'B') ||
                setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'C');
              NEW.public_search :=
                setweight(to_tsvector('english', coalesce(NEW.public_title, NEW.title, '')), 'A') ||
                setweight(to_tsvector('english', coalesce(NEW.public_summary, '')), 'B');
              RETURN NEW;
            END $$`);
    await queryRunner.query(`DROP TRIGGER incidents_derive ON "incidents"`);
    await queryRunner.query(
      `CREATE TRIGGER incidents_derive BEFORE INSERT OR UPDATE OF title, summary, public_title, public_summary, actors, locations ON "incidents" FOR EACH ROW EXECUTE FUNCTION incidents_derive()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER incidents_derive ON "incidents"`);
    await queryRunner.query(
      `CREATE TRIGGER incidents_derive BEFORE INSERT OR UPDATE OF title, summary, public_summary, actors, locations ON "incidents" FOR EACH ROW EXECUTE FUNCTION incidents_derive()`,
    );
    await queryRunner.query(`ALTER TABLE "incidents" DROP COLUMN "public_title"`);
  }
}
