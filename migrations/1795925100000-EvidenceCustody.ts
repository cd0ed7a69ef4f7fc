import { MigrationInterface, QueryRunner } from 'typeorm';

export class EvidenceCustody1795925100000 implements MigrationInterface {
  name = 'EvidenceCustody1795925100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "evidence_custody" ("id" BIGSERIAL NOT NULL, "evidence_id" uuid NOT NULL, "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "action" character varying(30) NOT NULL, "sha256" character(64), "data" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_44ff9de6c4aa6b57a818c0e1df6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_evidence_custody_evidence" ON "evidence_custody" ("evidence_id", "id") `,
    );
    // Custody records are evidence themselves: append-only, like the audit log.
    await queryRunner.query(`CREATE FUNCTION evidence_custody_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION 'evidence_custody is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
            END $$`);
    await queryRunner.query(
      `CREATE TRIGGER evidence_custody_no_update_delete BEFORE UPDATE OR DELETE ON "evidence_custody" FOR EACH ROW EXECUTE FUNCTION evidence_custody_refuse_change()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER evidence_custody_no_truncate BEFORE TRUNCATE ON "evidence_custody" FOR EACH STATEMENT EXECUTE FUNCTION evidence_custody_refuse_change()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER evidence_custody_no_truncate ON "evidence_custody"`);
    await queryRunner.query(`DROP TRIGGER evidence_custody_no_update_delete ON "evidence_custody"`);
    await queryRunner.query(`DROP FUNCTION evidence_custody_refuse_change()`);
    await queryRunner.query(`DROP INDEX "public"."ix_evidence_custody_evidence"`);
    await queryRunner.query(`DROP TABLE "evidence_custody"`);
  }
}
