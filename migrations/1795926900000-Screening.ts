import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Actor screening (SPEC 15): every actor gets a stable id (existing ones here, new ones from the
 * service), designations keep their screening keys and text (computed by the service, which
 * recomputes rows whose rules_version is behind), and screening keeps per actor when it was
 * screened, its candidates, the people's decisions and the re-screening each list version starts.
 */
export class Screening1795926900000 implements MigrationInterface {
  name = 'Screening1795926900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "incidents" SET "actors" = (
         SELECT jsonb_agg(CASE WHEN a ? 'id' THEN a ELSE a || jsonb_build_object('id', gen_random_uuid()) END ORDER BY n)
           FROM jsonb_array_elements("actors") WITH ORDINALITY AS e(a, n))
        WHERE jsonb_array_length("actors") > 0`,
    );
    await queryRunner.query(
      `ALTER TABLE "incidents" ADD "screening_changed" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `ALTER TABLE "sanctions_designations" ADD "screening_keys" text array NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(
      `ALTER TABLE "sanctions_designations" ADD "screening_text" text NOT NULL DEFAULT ''`,
    );
    await queryRunner.query(
      `ALTER TABLE "sanctions_designations" ADD "rules_version" smallint NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sanctions_designations_screening_keys" ON "sanctions_designations" USING gin ("screening_keys")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sanctions_designations_screening_trgm" ON "sanctions_designations" USING gin ("screening_text" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE TABLE "sanctions_screenings" ("incident_id" uuid NOT NULL, "actor_id" uuid NOT NULL, "actor_hash" character(64) NOT NULL, "list_version" integer NOT NULL, "rules_version" smallint NOT NULL, "screened_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0064cd3e7f6422d20b40941841a" PRIMARY KEY ("incident_id", "actor_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "sanctions_candidates" ("incident_id" uuid NOT NULL, "actor_id" uuid NOT NULL, "reference" character varying(32) NOT NULL, "score" numeric(3,2) NOT NULL, "band" character varying(8) NOT NULL, "explanation" jsonb NOT NULL, "designation_hash" character(64) NOT NULL, "screened_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_sanctions_candidates_band" CHECK ("band" IN ('strong','possible')), CONSTRAINT "PK_a64c76e42c1bbdb835515e7946c" PRIMARY KEY ("incident_id", "actor_id", "reference"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sanctions_candidates_reference" ON "sanctions_candidates" ("reference") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sanctions_match_decisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "actor_id" uuid NOT NULL, "reference" character varying(32) NOT NULL, "decision" character varying(10) NOT NULL, "note" text NOT NULL DEFAULT '', "decided_by" uuid NOT NULL, "designation_hash" character(64) NOT NULL, "score" numeric(3,2), "decided_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_sanctions_match_decisions_decision" CHECK ("decision" IN ('confirmed','dismissed','unsure')), CONSTRAINT "PK_7a83b1f3831f67f4ec4245c603d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sanctions_match_decisions_reference" ON "sanctions_match_decisions" ("reference") WHERE "decision" = 'confirmed'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sanctions_match_decisions_actor" ON "sanctions_match_decisions" ("incident_id", "actor_id", "reference", "decided_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sanctions_rescreens" ("version_id" uuid NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'queued', "total" integer NOT NULL DEFAULT '0', "screened" integer NOT NULL DEFAULT '0', "after_incident_id" uuid, "flagged" integer NOT NULL DEFAULT '0', "error" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP(3) WITH TIME ZONE, "completed_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "ck_sanctions_rescreens_status" CHECK ("status" IN ('queued','running','completed','failed')), CONSTRAINT "PK_d8d875f74a3a6ea8ed896034c7d" PRIMARY KEY ("version_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "sanctions_screenings" ADD CONSTRAINT "fk_sanctions_screenings_incident" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sanctions_candidates" ADD CONSTRAINT "fk_sanctions_candidates_incident" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sanctions_match_decisions" ADD CONSTRAINT "fk_sanctions_match_decisions_incident" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sanctions_match_decisions" ADD CONSTRAINT "fk_sanctions_match_decisions_user" FOREIGN KEY ("decided_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sanctions_rescreens"`);
    await queryRunner.query(`DROP TABLE "sanctions_match_decisions"`);
    await queryRunner.query(`DROP TABLE "sanctions_candidates"`);
    await queryRunner.query(`DROP TABLE "sanctions_screenings"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sanctions_designations_screening_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sanctions_designations_screening_keys"`);
    await queryRunner.query(`ALTER TABLE "sanctions_designations" DROP COLUMN "rules_version"`);
    await queryRunner.query(`ALTER TABLE "sanctions_designations" DROP COLUMN "screening_text"`);
    await queryRunner.query(`ALTER TABLE "sanctions_designations" DROP COLUMN "screening_keys"`);
    await queryRunner.query(`ALTER TABLE "incidents" DROP COLUMN "screening_changed"`);
    await queryRunner.query(
      `UPDATE "incidents" SET "actors" = (SELECT jsonb_agg(a - 'id' ORDER BY n) FROM jsonb_array_elements("actors") WITH ORDINALITY AS e(a, n)) WHERE jsonb_array_length("actors") > 0`,
    );
  }
}
