import { MigrationInterface, QueryRunner } from 'typeorm';

/** A consumed refresh token names its successor, for the REFRESH_GRACE window (spec 4). */
export class RefreshGrace1795926100000 implements MigrationInterface {
  name = 'RefreshGrace1795926100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_tokens" ADD "replaced_by" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP COLUMN "replaced_by"`);
  }
}
