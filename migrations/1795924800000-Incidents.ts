import { MigrationInterface, QueryRunner } from 'typeorm';

export class Incidents1795924800000 implements MigrationInterface {
  name = 'Incidents1795924800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "incidents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reference" character varying(20) NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'intake', "version" integer NOT NULL DEFAULT '1', "title" character varying(200) NOT NULL, "summary" text NOT NULL DEFAULT '', "public_summary" text NOT NULL DEFAULT '', "regime" character varying(40) NOT NULL, "category" character varying(40) NOT NULL, "provisions" text array NOT NULL DEFAULT '{}', "occurred_from" date NOT NULL, "occurred_to" date NOT NULL, "date_precision" character varying(5) NOT NULL DEFAULT 'day', "locations" jsonb NOT NULL DEFAULT '[]', "actors" jsonb NOT NULL DEFAULT '[]', "quantities" jsonb NOT NULL DEFAULT '[]', "tags" text array NOT NULL DEFAULT '{}', "countries" text array NOT NULL DEFAULT '{}', "confidence" character varying(10), "assignee_id" uuid, "created_by" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "submitted_at" TIMESTAMP(3) WITH TIME ZONE, "verified_at" TIMESTAMP(3) WITH TIME ZONE, "published_at" TIMESTAMP(3) WITH TIME ZONE, "search" tsvector, CONSTRAINT "ck_incidents_dates" CHECK ("occurred_to" >= "occurred_from"), CONSTRAINT "PK_ccb34c01719889017e2246469f9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_incidents_reference" ON "incidents" ("reference") `,
    );
    await queryRunner.query(`CREATE INDEX "ix_incidents_regime" ON "incidents" ("regime") `);
    await queryRunner.query(`CREATE INDEX "ix_incidents_category" ON "incidents" ("category") `);
    await queryRunner.query(`CREATE INDEX "ix_incidents_assignee" ON "incidents" ("assignee_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_incidents_created_by" ON "incidents" ("created_by") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_incidents_published" ON "incidents" ("published_at", "id") WHERE "status" = 'published'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_incidents_status_occurred" ON "incidents" ("status", "occurred_from", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_incidents_created" ON "incidents" ("created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_incidents_updated" ON "incidents" ("updated_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_incidents_occurred" ON "incidents" ("occurred_from", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sources" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "kind" character varying(30) NOT NULL, "confidential" boolean NOT NULL DEFAULT false, "pseudonym" character varying(20) NOT NULL, "reliability" character(1) NOT NULL, "credibility" smallint NOT NULL, "independence_group" character varying(100) NOT NULL, "published_at" date, "name" text, "url" text, "contact" text, "notes" text, "sealed" jsonb, "version" integer NOT NULL DEFAULT '1', "created_by" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_85523beafe5a2a6b90b02096443" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_sources_incident" ON "sources" ("incident_id") `);
    await queryRunner.query(
      `CREATE TABLE "outbox_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "type" character varying(60) NOT NULL, "aggregate_type" character varying(30) NOT NULL, "aggregate_id" uuid NOT NULL, "payload" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP(3) WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_6689a16c00d09b8089f6237f1d2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_outbox_events_pending" ON "outbox_events" ("created_at") WHERE "sent_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "incident_history" ("id" BIGSERIAL NOT NULL, "incident_id" uuid NOT NULL, "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "kind" character varying(30) NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_a3c5e99493cd3a7310e0053951e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_incident_history_incident" ON "incident_history" ("incident_id", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "incident_counters" ("year" integer NOT NULL, "last" integer NOT NULL, CONSTRAINT "PK_9a8ef4470c7e2e5ae5fedb50083" PRIMARY KEY ("year"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "evidence" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "source_id" uuid, "kind" character varying(20) NOT NULL, "description" text NOT NULL DEFAULT '', "sha256" character(64), "size_bytes" bigint, "mime_type" character varying(100), "original_filename" character varying(255), "url" text, "text" text, "captured_at" TIMESTAMP(3) WITH TIME ZONE, "status" character varying(10) NOT NULL DEFAULT 'pending', "review_note" text, "reviewed_by" uuid, "reviewed_at" TIMESTAMP(3) WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', "created_by" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b864cb5d49854f89917fc0b44b9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_evidence_incident" ON "evidence" ("incident_id") `);
    await queryRunner.query(`CREATE INDEX "ix_evidence_source" ON "evidence" ("source_id") `);
    // Derived columns kept by the database so every write path keeps them right: the
    // full-text vector (title A, actors and places B, summary C) and the country codes.
    await queryRunner.query(`CREATE FUNCTION incidents_derive() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              NEW.countries := ARRAY(
                SELECT DISTINCT upper(l->>'countryCode') FROM jsonb_array_elements(NEW.locations) l
                 WHERE l ? 'countryCode' ORDER BY 1);
              NEW.search :=
                setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
                setweight(to_tsvector('english', coalesce(
                  (SELECT string_agg(a->>'name', ' ') FROM jsonb_array_elements(NEW.actors) a), '')), 'B') ||
                setweight(to_tsvector('english', coalesce(
                  (SELECT string_agg(concat_ws(' ', l->>'placeName', l->>'adminArea'), ' ')
                     FROM jsonb_array_elements(NEW.locations) l), '')), 'B') ||
                setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'C');
              RETURN NEW;
            END $$`);
    await queryRunner.query(
      `CREATE TRIGGER incidents_derive BEFORE INSERT OR UPDATE OF title, summary, actors, locations ON "incidents" FOR EACH ROW EXECUTE FUNCTION incidents_derive()`,
    );
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE INDEX "ix_incidents_search" ON "incidents" USING gin ("search")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_incidents_countries" ON "incidents" USING gin ("countries")`,
    );
    await queryRunner.query(`CREATE INDEX "ix_incidents_tags" ON "incidents" USING gin ("tags")`);
    await queryRunner.query(
      `CREATE INDEX "ix_incidents_provisions" ON "incidents" USING gin ("provisions")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_incidents_title_trgm" ON "incidents" USING gin ("title" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `ALTER TABLE "incidents" ADD CONSTRAINT "ck_incidents_status" CHECK ("status" IN ('intake','in_verification','verified','published','rejected','retracted'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "evidence" ADD CONSTRAINT "ck_evidence_status" CHECK ("status" IN ('pending','approved','rejected'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "incidents" ADD CONSTRAINT "fk_incidents_regime" FOREIGN KEY ("regime") REFERENCES "regimes"("code") ON DELETE RESTRICT ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "incidents" ADD CONSTRAINT "fk_incidents_category" FOREIGN KEY ("category") REFERENCES "categories"("code") ON DELETE RESTRICT ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "incidents" ADD CONSTRAINT "fk_incidents_assignee" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incidents" ADD CONSTRAINT "fk_incidents_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sources" ADD CONSTRAINT "fk_sources_incident" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "evidence" ADD CONSTRAINT "fk_evidence_incident" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "evidence" ADD CONSTRAINT "fk_evidence_source" FOREIGN KEY ("source_id") REFERENCES "sources"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_incidents_title_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incidents_provisions"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incidents_tags"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incidents_countries"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incidents_search"`);
    await queryRunner.query(`DROP TRIGGER incidents_derive ON "incidents"`);
    await queryRunner.query(`DROP FUNCTION incidents_derive()`);
    await queryRunner.query(`ALTER TABLE "evidence" DROP CONSTRAINT "fk_evidence_source"`);
    await queryRunner.query(`ALTER TABLE "evidence" DROP CONSTRAINT "fk_evidence_incident"`);
    await queryRunner.query(`ALTER TABLE "sources" DROP CONSTRAINT "fk_sources_incident"`);
    await queryRunner.query(`ALTER TABLE "incidents" DROP CONSTRAINT "fk_incidents_created_by"`);
    await queryRunner.query(`ALTER TABLE "incidents" DROP CONSTRAINT "fk_incidents_assignee"`);
    await queryRunner.query(`ALTER TABLE "incidents" DROP CONSTRAINT "fk_incidents_category"`);
    await queryRunner.query(`ALTER TABLE "incidents" DROP CONSTRAINT "fk_incidents_regime"`);
    await queryRunner.query(`DROP INDEX "public"."ix_evidence_source"`);
    await queryRunner.query(`DROP INDEX "public"."ix_evidence_incident"`);
    await queryRunner.query(`DROP TABLE "evidence"`);
    await queryRunner.query(`DROP TABLE "incident_counters"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incident_history_incident"`);
    await queryRunner.query(`DROP TABLE "incident_history"`);
    await queryRunner.query(`DROP INDEX "public"."ix_outbox_events_pending"`);
    await queryRunner.query(`DROP TABLE "outbox_events"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sources_incident"`);
    await queryRunner.query(`DROP TABLE "sources"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incidents_occurred"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incidents_updated"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incidents_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incidents_status_occurred"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incidents_published"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incidents_created_by"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incidents_assignee"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incidents_category"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incidents_regime"`);
    await queryRunner.query(`DROP INDEX "public"."uq_incidents_reference"`);
    await queryRunner.query(`DROP TABLE "incidents"`);
  }
}
