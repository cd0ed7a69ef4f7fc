import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stage deadlines: when each incident entered its current status, what reminders were sent
 * (one per incident, type and stay in a stage), how far each sweep has looked, and the e-mail
 * copy of notifications.
 */
export class Reminders1795925400000 implements MigrationInterface {
  name = 'Reminders1795925400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Backfilled from the last transition in the history (else creation), then made required.
    await queryRunner.query(
      `ALTER TABLE "incidents" ADD "stage_entered_at" TIMESTAMP(3) WITH TIME ZONE`,
    );
    await queryRunner.query(
      `UPDATE "incidents" i SET "stage_entered_at" = COALESCE(
         (SELECT max(h."at") FROM "incident_history" h WHERE h."incident_id" = i."id" AND h."kind" = 'transition'),
         i."created_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "incidents" ALTER COLUMN "stage_entered_at" SET DEFAULT now(), ALTER COLUMN "stage_entered_at" SET NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_incidents_stage" ON "incidents" ("status", "stage_entered_at") WHERE "status" IN ('intake', 'in_verification', 'verified')`,
    );

    await queryRunner.query(
      `CREATE TABLE "reminders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "type" character varying(40) NOT NULL, "stage_entered_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "sent_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_38715fec7f634b72c6cf7ea4893" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_reminders_stage" ON "reminders" ("incident_id", "type", "stage_entered_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "reminders" ADD CONSTRAINT "fk_reminders_incident" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "reminder_sweeps" ("type" character varying(40) NOT NULL, "swept_until" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_c8c05660053f5b6fcdddf69c1da" PRIMARY KEY ("type"))`,
    );

    await queryRunner.query(`ALTER TABLE "notifications" ADD "email_status" character varying(10)`);
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD "email_attempts" integer NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD "email_next_at" TIMESTAMP(3) WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD "emailed_at" TIMESTAMP(3) WITH TIME ZONE`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_email_due" ON "notifications" ("email_next_at") WHERE "email_status" = 'pending'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_email_due"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "emailed_at"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "email_next_at"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "email_attempts"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "email_status"`);
    await queryRunner.query(`DROP TABLE "reminder_sweeps"`);
    await queryRunner.query(`DROP TABLE "reminders"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incidents_stage"`);
    await queryRunner.query(`ALTER TABLE "incidents" DROP COLUMN "stage_entered_at"`);
  }
}
