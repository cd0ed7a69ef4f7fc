import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A report's title and introduction (spec 10), given when the export is requested and read by
 * the job that writes it: the job's payload carries the export's id only.
 */
export class ExportReportText1795926700000 implements MigrationInterface {
  name = 'ExportReportText1795926700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "exports" ADD "title" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "exports" ADD "introduction" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "exports" DROP COLUMN "introduction"`);
    await queryRunner.query(`ALTER TABLE "exports" DROP COLUMN "title"`);
  }
}
