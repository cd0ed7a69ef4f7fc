import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a browser session asked to be kept across browser restarts (spec 4): its refresh
 * cookie is then persistent, on every rotation, not only at login.
 */
export class SessionRemember1795926300000 implements MigrationInterface {
  name = 'SessionRemember1795926300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sessions" ADD "remember" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "remember"`);
  }
}
