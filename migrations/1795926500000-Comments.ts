import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case discussion of an incident (spec 6): comments read by every staff user, never
 * public or exported. A deleted comment stays as a tombstone (no body, deleted_at set).
 */
export class Comments1795926500000 implements MigrationInterface {
  name = 'Comments1795926500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "comments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "author_id" uuid NOT NULL, "body" text, "mentions" uuid array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "ck_comments_mentions" CHECK (cardinality("mentions") <= 20), CONSTRAINT "ck_comments_body" CHECK (("deleted_at" IS NULL AND char_length("body") BETWEEN 1 AND 10000) OR ("deleted_at" IS NOT NULL AND "body" IS NULL)), CONSTRAINT "PK_8bf68bc960f2b69e818bdb90dcb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_comments_incident" ON "comments" ("incident_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "comments" ADD CONSTRAINT "fk_comments_incident" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "comments" ADD CONSTRAINT "fk_comments_author" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "comments"`);
  }
}
