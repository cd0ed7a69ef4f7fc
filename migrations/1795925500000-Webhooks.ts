import { MigrationInterface, QueryRunner } from 'typeorm';

export class Webhooks1795925500000 implements MigrationInterface {
  name = 'Webhooks1795925500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "webhooks" ("id" uuid NOT NULL, "url" character varying(2048) NOT NULL, "events" character varying(60) array NOT NULL, "secret_sealed" jsonb, "active" boolean NOT NULL DEFAULT true, "created_by" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_9e8795cfc899ab7bdaa831e8527" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_webhooks_created" ON "webhooks" ("created_at", "id") WHERE "deleted_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "webhook_id" uuid NOT NULL, "event_id" uuid NOT NULL, "event_type" character varying(60) NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_status_code" smallint, "last_error" character varying(200), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "last_attempt_at" TIMESTAMP(3) WITH TIME ZONE, "delivered_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "ck_webhook_deliveries_status" CHECK ("status" IN ('pending','delivered','failed')), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_webhook_deliveries_webhook" ON "webhook_deliveries" ("webhook_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_webhook_deliveries_event_webhook" ON "webhook_deliveries" ("event_id", "webhook_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "webhooks" ADD CONSTRAINT "fk_webhooks_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "fk_webhook_deliveries_webhook" FOREIGN KEY ("webhook_id") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "fk_webhook_deliveries_event" FOREIGN KEY ("event_id") REFERENCES "outbox_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "fk_webhook_deliveries_event"`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "fk_webhook_deliveries_webhook"`,
    );
    await queryRunner.query(`ALTER TABLE "webhooks" DROP CONSTRAINT "fk_webhooks_created_by"`);
    await queryRunner.query(`DROP INDEX "public"."uq_webhook_deliveries_event_webhook"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_webhook"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhooks_created"`);
    await queryRunner.query(`DROP TABLE "webhooks"`);
  }
}
