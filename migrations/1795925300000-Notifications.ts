import { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1795925300000 implements MigrationInterface {
  name = 'Notifications1795925300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "type" character varying(40) NOT NULL, "incident_id" uuid, "reference" character varying(20), "title" character varying(200) NOT NULL, "body" text NOT NULL DEFAULT '', "event_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_notifications_event_user" ON "notifications" ("event_id", "user_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_user_unread" ON "notifications" ("user_id", "created_at", "id") WHERE "read_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_user" ON "notifications" ("user_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "fk_notifications_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "fk_notifications_incident" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "notifications" DROP CONSTRAINT "fk_notifications_incident"`,
    );
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "fk_notifications_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_user_unread"`);
    await queryRunner.query(`DROP INDEX "public"."uq_notifications_event_user"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
  }
}
