import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The UN Consolidated List and the 1718 Committee's vessels (SPEC 15): each import attempt, the
 * list versions that changed something, the designations as the latest version gives them and
 * what each version added, amended or removed. The designations' name keys, identifiers and
 * trigram index are what screening will look candidates up by.
 */
export class Sanctions1795926800000 implements MigrationInterface {
  name = 'Sanctions1795926800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sanctions_imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "source" character varying(10) NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'queued', "progress" smallint NOT NULL DEFAULT '0', "force" boolean NOT NULL DEFAULT false, "requested_by" uuid, "file_sha256" character(64), "file_bytes" bigint, "vessels_sha256" character(64), "version_id" uuid, "error" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP(3) WITH TIME ZONE, "completed_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "ck_sanctions_imports_progress" CHECK ("progress" BETWEEN 0 AND 100), CONSTRAINT "ck_sanctions_imports_source" CHECK ("source" IN ('upload','cli','fetch')), CONSTRAINT "ck_sanctions_imports_status" CHECK ("status" IN ('queued','running','completed','unchanged','refused','failed')), CONSTRAINT "PK_f7803460c8b75a056d3213b5c70" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sanctions_imports_created" ON "sanctions_imports" ("created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "sanctions_list_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" integer NOT NULL, "source" character varying(10) NOT NULL, "import_id" uuid NOT NULL, "file_sha256" character(64) NOT NULL, "vessels_sha256" character(64), "date_generated" TIMESTAMP(3) WITH TIME ZONE, "individuals" integer NOT NULL, "entities" integer NOT NULL, "vessels" integer NOT NULL, "added" integer NOT NULL, "amended" integer NOT NULL, "removed" integer NOT NULL, "forced" boolean NOT NULL DEFAULT false, "imported_by" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_sanctions_list_versions_source" CHECK ("source" IN ('upload','cli','fetch')), CONSTRAINT "PK_db2fb5b0db3cab02e088a187fd1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_sanctions_list_versions_number" ON "sanctions_list_versions" ("number")`,
    );
    await queryRunner.query(
      `CREATE TABLE "sanctions_designations" ("reference" character varying(32) NOT NULL, "kind" character varying(10) NOT NULL, "list_type" character varying(64) NOT NULL, "name" text NOT NULL, "family_name" text, "given_name" text, "original_script" text, "aliases" jsonb NOT NULL DEFAULT '[]', "name_keys" text array NOT NULL DEFAULT '{}', "search_names" text NOT NULL, "dates_of_birth" jsonb NOT NULL DEFAULT '[]', "nationalities" text array NOT NULL DEFAULT '{}', "addresses" jsonb NOT NULL DEFAULT '[]', "documents" jsonb NOT NULL DEFAULT '[]', "listed_on" date, "last_day_updated" text array NOT NULL DEFAULT '{}', "comments" text, "imo_numbers" text array NOT NULL DEFAULT '{}', "company_numbers" text array NOT NULL DEFAULT '{}', "record" jsonb NOT NULL, "content_hash" character(64) NOT NULL, "first_version_id" uuid NOT NULL, "changed_version_id" uuid NOT NULL, "removed_at" TIMESTAMP(3) WITH TIME ZONE, "removed_version_id" uuid, CONSTRAINT "ck_sanctions_designations_kind" CHECK ("kind" IN ('individual','entity','vessel')), CONSTRAINT "PK_67ff7ec2c2e684724d2481841d8" PRIMARY KEY ("reference"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sanctions_designations_list" ON "sanctions_designations" ("list_type", "kind", "reference")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sanctions_designations_name_keys" ON "sanctions_designations" USING gin ("name_keys")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sanctions_designations_imo" ON "sanctions_designations" USING gin ("imo_numbers")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sanctions_designations_company" ON "sanctions_designations" USING gin ("company_numbers")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sanctions_designations_names_trgm" ON "sanctions_designations" USING gin ("search_names" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE TABLE "sanctions_designation_changes" ("version_id" uuid NOT NULL, "reference" character varying(32) NOT NULL, "change" character varying(8) NOT NULL, "fields" text array NOT NULL DEFAULT '{}', CONSTRAINT "ck_sanctions_designation_changes_change" CHECK ("change" IN ('added','amended','removed')), CONSTRAINT "PK_dd58070b9361c9759c5a84cf3ea" PRIMARY KEY ("version_id", "reference"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sanctions_designation_changes_reference" ON "sanctions_designation_changes" ("reference")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_sanctions_designation_changes_reference"`);
    await queryRunner.query(`DROP TABLE "sanctions_designation_changes"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sanctions_designations_names_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sanctions_designations_company"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sanctions_designations_imo"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sanctions_designations_name_keys"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sanctions_designations_list"`);
    await queryRunner.query(`DROP TABLE "sanctions_designations"`);
    await queryRunner.query(`DROP INDEX "public"."ux_sanctions_list_versions_number"`);
    await queryRunner.query(`DROP TABLE "sanctions_list_versions"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sanctions_imports_created"`);
    await queryRunner.query(`DROP TABLE "sanctions_imports"`);
  }
}
