import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every update or delete of a user or a session notifies `auth_changed` with the user's id, at
 * commit, whoever makes it: the API, another instance, or an operator in psql; a TRUNCATE of
 * either table notifies '*'. The API's caller cache listens and forgets that user (or everyone)
 * at once (src/auth/session-cache.listener.ts). NOTIFY folds repeats of one payload within a
 * transaction, so revoking many sessions sends one notice.
 */
export class AuthChangeNotify1795925700000 implements MigrationInterface {
  name = 'AuthChangeNotify1795925700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION notify_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM pg_notify('auth_changed', '*');
        ELSIF TG_TABLE_NAME = 'users' THEN
          PERFORM pg_notify('auth_changed', OLD.id::text);
        ELSE
          PERFORM pg_notify('auth_changed', OLD.user_id::text);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER users_auth_changed AFTER UPDATE OR DELETE ON "users"
         FOR EACH ROW EXECUTE FUNCTION notify_auth_changed()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER sessions_auth_changed AFTER UPDATE OR DELETE ON "sessions"
         FOR EACH ROW EXECUTE FUNCTION notify_auth_changed()`,
    );
    // TRUNCATE (everyone signed out at once) fires no row trigger: '*' forgets every caller.
    await queryRunner.query(
      `CREATE TRIGGER users_truncated AFTER TRUNCATE ON "users"
         FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER sessions_truncated AFTER TRUNCATE ON "sessions"
         FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER sessions_truncated ON "sessions"`);
    await queryRunner.query(`DROP TRIGGER users_truncated ON "users"`);
    await queryRunner.query(`DROP TRIGGER sessions_auth_changed ON "sessions"`);
    await queryRunner.query(`DROP TRIGGER users_auth_changed ON "users"`);
    await queryRunner.query(`DROP FUNCTION notify_auth_changed()`);
  }
}
