import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Single-use tokens that let a user choose a new password (spec 4, "Passwords forgotten and
 * reset"): an admin's or operator's `set` link (24 h), a forgotten password's `reset` mail
 * (30 min). Only the SHA-256 of each token is stored.
 */
export class PasswordTokens1795926400000 implements MigrationInterface {
  name = 'PasswordTokens1795926400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "password_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "purpose" character varying(8) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" uuid, CONSTRAINT "ck_password_tokens_purpose" CHECK ("purpose" IN ('set', 'reset')), CONSTRAINT "PK_816120c39410c02dabd34b8672b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_password_tokens_user_id" ON "password_tokens" ("user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_password_tokens_token_hash" ON "password_tokens" ("token_hash") `,
    );
    await queryRunner.query(
      `ALTER TABLE "password_tokens" ADD CONSTRAINT "fk_password_tokens_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "password_tokens" ADD CONSTRAINT "fk_password_tokens_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "password_tokens"`);
  }
}
