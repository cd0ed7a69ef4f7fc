import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Withdrawal (spec 7 and 8): a draft filed by mistake becomes `withdrawn` instead of being
 * deleted, and so does a pending evidence item added by mistake.
 */
export class Withdraw1795926600000 implements MigrationInterface {
  name = 'Withdraw1795926600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "incidents" DROP CONSTRAINT "ck_incidents_status"`);
    await queryRunner.query(
      `ALTER TABLE "incidents" ADD CONSTRAINT "ck_incidents_status" CHECK ("status" IN ('intake','in_verification','verified','published','rejected','retracted','withdrawn'))`,
    );
    await queryRunner.query(`ALTER TABLE "evidence" DROP CONSTRAINT "ck_evidence_status"`);
    await queryRunner.query(
      `ALTER TABLE "evidence" ADD CONSTRAINT "ck_evidence_status" CHECK ("status" IN ('pending','approved','rejected','withdrawn'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "evidence" DROP CONSTRAINT "ck_evidence_status"`);
    await queryRunner.query(
      `ALTER TABLE "evidence" ADD CONSTRAINT "ck_evidence_status" CHECK ("status" IN ('pending','approved','rejected'))`,
    );
    await queryRunner.query(`ALTER TABLE "incidents" DROP CONSTRAINT "ck_incidents_status"`);
    await queryRunner.query(
      `ALTER TABLE "incidents" ADD CONSTRAINT "ck_incidents_status" CHECK ("status" IN ('intake','in_verification','verified','published','rejected','retracted'))`,
    );
  }
}
