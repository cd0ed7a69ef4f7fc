import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit events are linked into the chain at commit, not when the application appends them.
 *
 * Before, the application took the chain lock and inserted the linked row in its transaction,
 * and the lock stayed held until the transaction's COMMIT reached the server: two round trips
 * to a busy Node process while every other append waited (spec 11 forbids holding it longer
 * than the insert). Now the application inserts the event into `audit_pending` (no lock), and
 * a deferred constraint trigger, which PostgreSQL runs inside COMMIT, takes the lock, reads the
 * head, inserts the linked row into `audit_events` and deletes the pending one. The lock is
 * held for that insert and the commit's flush only; a failure there fails the COMMIT, so the
 * change and its audit event still stand or fall together.
 *
 * `audit_pending` is UNLOGGED: its rows never outlive their transaction, so they need no WAL.
 * The lock key, 7203151011, is the one the application's appends took before. `head` and
 * `tail` are the event's canonical JSON around its seq (src/audit/audit-chain.ts
 * canonicalAroundSeq).
 */
export class AuditLinkAtCommit1795925800000 implements MigrationInterface {
  name = 'AuditLinkAtCommit1795925800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE UNLOGGED TABLE "audit_pending" ("id" bigserial NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" uuid, "action" character varying(80) NOT NULL, "entity_type" character varying(40) NOT NULL, "entity_id" character varying(80), "data" jsonb NOT NULL, "head" text NOT NULL, "tail" text NOT NULL, CONSTRAINT "pk_audit_pending" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`
      CREATE FUNCTION audit_link_pending() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        head_seq bigint;
        head_hash text;
      BEGIN
        PERFORM pg_advisory_xact_lock(7203151011);
        -- A statement after the lock: its snapshot sees the head the last holder committed.
        SELECT seq, hash INTO head_seq, head_hash FROM audit_events ORDER BY seq DESC LIMIT 1;
        head_seq := COALESCE(head_seq, 0) + 1;
        head_hash := COALESCE(head_hash, repeat('0', 64));
        INSERT INTO audit_events (seq, at, actor_id, action, entity_type, entity_id, data, prev_hash, hash)
        VALUES (head_seq, NEW.at, NEW.actor_id, NEW.action, NEW.entity_type, NEW.entity_id, NEW.data,
                head_hash,
                encode(sha256(convert_to(head_hash || NEW.head || '"' || head_seq::text || '"' || NEW.tail, 'UTF8')), 'hex'));
        DELETE FROM audit_pending WHERE id = NEW.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE CONSTRAINT TRIGGER audit_pending_link AFTER INSERT ON "audit_pending"
         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_link_pending()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_pending_link ON "audit_pending"`);
    await queryRunner.query(`DROP FUNCTION audit_link_pending()`);
    await queryRunner.query(`DROP TABLE "audit_pending"`);
  }
}
