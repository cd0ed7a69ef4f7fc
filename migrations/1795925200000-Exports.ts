import { MigrationInterface, QueryRunner } from 'typeorm';

export class Exports1795925200000 implements MigrationInterface {
  name = 'Exports1795925200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "exports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_by" uuid NOT NULL, "format" character varying(10) NOT NULL, "scope" character varying(10) NOT NULL, "filters" jsonb NOT NULL DEFAULT '{}', "fields" text array NOT NULL DEFAULT '{}', "status" character varying(10) NOT NULL DEFAULT 'queued', "progress" smallint NOT NULL DEFAULT '0', "row_count" integer, "size_bytes" bigint, "sha256" character(64), "error" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP(3) WITH TIME ZONE, "completed_at" TIMESTAMP(3) WITH TIME ZONE, "expires_at" TIMESTAMP(3) WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "ck_exports_progress" CHECK ("progress" BETWEEN 0 AND 100), CONSTRAINT "ck_exports_status" CHECK ("status" IN ('queued','running','completed','failed','expired')), CONSTRAINT "PK_bcf8528d214cbfc68c01f337511" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_exports_expires" ON "exports" ("expires_at") WHERE "status" = 'completed'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_exports_created_by" ON "exports" ("created_by", "created_at", "id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_exports_created_by"`);
    await queryRunner.query(`DROP INDEX "public"."ix_exports_expires"`);
    await queryRunner.query(`DROP TABLE "exports"`);
  }
}
