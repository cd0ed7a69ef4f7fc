import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public API's full-text search gets a vector of its own, built only from what the public
 * view shows (title and public summary). Matching the staff vector let anyone test whether a
 * published incident's internal summary, actors or places contained a word.
 *
 * The trigger keeps both vectors, so every write path keeps them right; the index is partial,
 * since only published incidents are searched publicly.
 */
export class PublicSearch1795926000000 implements MigrationInterface {
  name = 'PublicSearch1795926000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "incidents" ADD "public_search" tsvector`);
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
                setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
                setweight(to_tsvector('english', coalesce(NEW.public_summary, '')), 'B');
              RETURN NEW;
            END $$`);
    await queryRunner.query(`DROP TRIGGER incidents_derive ON "incidents"`);
    await queryRunner.query(
      `CREATE TRIGGER incidents_derive BEFORE INSERT OR UPDATE OF title, summary, public_summary, actors, locations ON "incidents" FOR EACH ROW EXECUTE FUNCTION incidents_derive()`,
    );
    await queryRunner.query(
      `UPDATE "incidents" SET public_search =
         setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
         setweight(to_tsvector('english', coalesce(public_summary, '')), 'B')`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_incidents_public_search" ON "incidents" USING gin ("public_search") WHERE "status" = 'published'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_incidents_public_search"`);
    await queryRunner.query(`DROP TRIGGER incidents_derive ON "incidents"`);
    await queryRunner.query(
      `CREATE TRIGGER incidents_derive BEFORE INSERT OR UPDATE OF title, summary, actors, locations ON "incidents" FOR EACH ROW EXECUTE FUNCTION incidents_derive()`,
    );
    await queryRunner.query(`ALTER TABLE "incidents" DROP COLUMN "public_search"`);
  }
}
