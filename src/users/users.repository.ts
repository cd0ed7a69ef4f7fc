import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuthUser } from '../common/auth-user';
import { decodeCursor } from '../common/pagination';
import { Role } from '../common/roles';
import { PasswordToken, PasswordTokenPurpose } from './password-token.entity';
import { RefreshToken } from './refresh-token.entity';
import { Session } from './session.entity';
import { User } from './user.entity';

interface CallerRow {
  id: string;
  email: string;
  display_name: string;
  roles: Role[];
}

/** SQL: the ids of the active users among a uuid[] parameter, for statements that address users. */
export const activeUsersAmong = (parameter: string): string =>
  `SELECT id FROM users WHERE id = ANY(${parameter}::uuid[]) AND active`;

/**
 * SQL: the users as FROM item `alias` (id, active, roles), for the set-based statements of other
 * features that address users by role (the reminder sweep, the digest). Writes stay here.
 */
export const usersAs = (alias: string): string => `users ${alias}`;

/** SQL: the user whose id is the expression `userId` is active and holds `role`. */
export const activeWithRole = (userId: string, role: Role): string =>
  `EXISTS (SELECT 1 FROM users a WHERE a.id = ${userId} AND a.active AND '${role}' = ANY(a.roles))`;

/**
 * SQL: the user of column `userId`, as alias `u` (a FROM item and its join condition), so a
 * statement of another feature can read `u.email` and `u.active`.
 */
export const contactOf = (userId: string): { from: string; where: string } => ({
  from: 'users u',
  where: `u.id = ${userId}`,
});

/** The fields an admin may change on a user (PATCH /users/:id). */
export type UserChanges = Partial<Pick<User, 'displayName' | 'roles' | 'active'>>;

/**
 * The SQL of the accounts: users, their sessions, refresh tokens and password tokens (this
 * feature owns the four tables). The users and auth services, the download tickets and the
 * JWT strategy call it; `tx` is the caller's transaction when the write belongs to one.
 */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private of(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /** Runs `work` in one transaction: the writes of an account change and its audit event. */
  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  createUser(
    tx: EntityManager,
    fields: Pick<User, 'email' | 'displayName' | 'passwordHash' | 'roles'>,
  ): Promise<User> {
    const users = tx.getRepository(User);
    return users.save(users.create(fields));
  }

  countUsers(): Promise<number> {
    return this.dataSource.getRepository(User).count();
  }

  /** One page of users by creation, `limit + 1` rows so the caller can tell a next page. */
  userPage(limit: number, cursor?: string): Promise<User[]> {
    const query = this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .orderBy('u.created_at', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .limit(limit + 1);
    if (cursor) {
      const [createdAt, id] = decodeCursor(cursor, ['timestamp', 'uuid']);
      query.where('(u.created_at, u.id) > (:createdAt::timestamptz, :id::uuid)', { createdAt, id });
    }
    return query.getMany();
  }

  /** Conditional on the version the client saw: false when it is stale (or the user gone). */
  async updateUser(
    tx: EntityManager,
    id: string,
    version: number,
    changes: UserChanges,
  ): Promise<boolean> {
    const result = await tx
      .createQueryBuilder()
      .update(User)
      .set({ ...changes, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** The user, locked for the rest of the transaction, or null. */
  lockUser(tx: EntityManager, id: string): Promise<User | null> {
    return tx
      .getRepository(User)
      .createQueryBuilder('u')
      .setLock('pessimistic_write')
      .where('u.id = :id', { id })
      .getOne();
  }

  userByEmail(email: string, tx?: EntityManager): Promise<User | null> {
    return this.of(tx).getRepository(User).findOneBy({ email });
  }

  /** The ids of the active users holding a role, for notifications addressed by role. */
  async activeIdsWithRole(role: Role): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      'SELECT id FROM users WHERE active AND $1 = ANY(roles) ORDER BY id',
      [role],
    );
    return rows.map((row) => row.id);
  }

  /** Every user, by name: the directory staff clients show names from. */
  directory(): Promise<Pick<User, 'id' | 'displayName' | 'roles' | 'active'>[]> {
    return this.dataSource.getRepository(User).find({
      select: { id: true, displayName: true, roles: true, active: true },
      order: { displayName: 'ASC', id: 'ASC' },
    });
  }

  user(id: string, tx?: EntityManager): Promise<User | null> {
    return this.of(tx).getRepository(User).findOneBy({ id });
  }

  activeUser(id: string, tx?: EntityManager): Promise<User | null> {
    return this.of(tx).getRepository(User).findOneBy({ id, active: true });
  }

  /** The ids among `ids` that are active users (every user is staff: roles hold at least one). */
  async activeIdsAmong(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource.query<{ id: string }[]>(activeUsersAmong('$1'), [ids]);
    return rows.map((row) => row.id);
  }

  /** The caller of a token: an active user and a live session of theirs, or nothing. */
  /**
   * The caller of a live session of an active user, or null: read on every request the caller
   * cache does not answer, and for every download ticket.
   */
  async caller(userId: string, sessionId: string): Promise<AuthUser | null> {
    const [row] = await this.dataSource.query<CallerRow[]>(
      `SELECT u.id, u.email, u.display_name, u.roles
         FROM users u JOIN sessions s ON s.user_id = u.id
        WHERE u.id = $1 AND s.id = $2 AND u.active AND s.revoked_at IS NULL`,
      [userId, sessionId],
    );
    if (!row) return null;
    return {
      id: row.id,
      email: row.email,
      displayName: row.display_name,
      roles: row.roles,
      sessionId,
    };
  }

  async setPassword(tx: EntityManager, userId: string, passwordHash: string): Promise<void> {
    await tx
      .getRepository(User)
      .update(
        { id: userId },
        { passwordHash, passwordChangedAt: new Date(), version: () => 'version + 1' },
      );
  }

  openSession(tx: EntityManager, userId: string, ip: string, remember = false): Promise<Session> {
    return tx.getRepository(Session).save({ userId, ip, remember });
  }

  session(tx: EntityManager, id: string): Promise<Session> {
    return tx.getRepository(Session).findOneByOrFail({ id });
  }

  async revokeSession(tx: EntityManager, id: string, reason: string): Promise<void> {
    await tx
      .getRepository(Session)
      .update({ id, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
  }

  /** Ends every live session of the user, but `exceptSessionId` when given. */
  async revokeSessions(
    tx: EntityManager,
    userId: string,
    reason: string,
    exceptSessionId?: string,
  ): Promise<void> {
    const query = tx
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where('user_id = :userId AND revoked_at IS NULL', { userId });
    if (exceptSessionId) query.andWhere('id <> :exceptSessionId', { exceptSessionId });
    await query.execute();
  }

  refreshToken(id: string, tx?: EntityManager): Promise<RefreshToken | null> {
    return this.of(tx).getRepository(RefreshToken).findOneBy({ id });
  }

  refreshTokenWithSession(id: string): Promise<RefreshToken | null> {
    return this.dataSource
      .getRepository(RefreshToken)
      .findOne({ where: { id }, relations: { session: true } });
  }

  /** Conditional: of two requests presenting the same token, exactly one consumes it. */
  async consumeRefreshToken(tx: EntityManager, id: string): Promise<boolean> {
    const result = await tx
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ consumedAt: () => 'now()' })
      .where('id = :id AND consumed_at IS NULL AND expires_at > now()', { id })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** The token that replaced this one, if it was replaced no longer than `graceSeconds` ago. */
  async successorWithin(
    tx: EntityManager,
    id: string,
    graceSeconds: number,
  ): Promise<string | null> {
    const [row] = await tx.query<{ replaced_by: string }[]>(
      `SELECT replaced_by FROM refresh_tokens
        WHERE id = $1 AND replaced_by IS NOT NULL
          AND consumed_at > now() - make_interval(secs => $2)`,
      [id, graceSeconds],
    );
    return row?.replaced_by ?? null;
  }

  saveRefreshToken(
    tx: EntityManager,
    sessionId: string,
    tokenHash: string,
    expiresAt: Date,
  ): Promise<RefreshToken> {
    return tx.getRepository(RefreshToken).save({ sessionId, tokenHash, expiresAt });
  }

  async markReplaced(tx: EntityManager, id: string, successorId: string): Promise<void> {
    await tx.getRepository(RefreshToken).update({ id }, { replacedBy: successorId });
  }

  /**
   * Stores a new password token of the user and ends their unused older ones (their expiry
   * moves to now), so only the newest link works. Call it with the user locked (lockUser).
   */
  async issuePasswordToken(
    tx: EntityManager,
    token: {
      userId: string;
      tokenHash: string;
      purpose: PasswordTokenPurpose;
      ttlSeconds: number;
      createdBy: string | null;
    },
  ): Promise<{ id: string; expiresAt: Date }> {
    await tx.query(
      `UPDATE password_tokens SET expires_at = now()
        WHERE user_id = $1 AND used_at IS NULL AND expires_at > now()`,
      [token.userId],
    );
    const [row] = await tx.query<{ id: string; expires_at: Date }[]>(
      `INSERT INTO password_tokens (user_id, token_hash, purpose, expires_at, created_by)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4), $5)
       RETURNING id, expires_at`,
      [token.userId, token.tokenHash, token.purpose, token.ttlSeconds, token.createdBy],
    );
    return { id: row.id, expiresAt: row.expires_at };
  }

  /** The unused, unexpired token of this hash, or null: a cheap check before hashing a password. */
  livePasswordToken(tokenHash: string): Promise<PasswordToken | null> {
    return this.dataSource
      .getRepository(PasswordToken)
      .createQueryBuilder('t')
      .where('t.token_hash = :tokenHash AND t.used_at IS NULL AND t.expires_at > now()', {
        tokenHash,
      })
      .getOne();
  }

  /**
   * Marks the token used and answers whose it was, or null when it is unknown, used or expired.
   * Conditional: of two requests presenting the same token, exactly one gets its user.
   */
  async consumePasswordToken(
    tx: EntityManager,
    tokenHash: string,
  ): Promise<{ id: string; userId: string; purpose: PasswordTokenPurpose } | null> {
    const [rows] = await tx.query<
      [{ id: string; user_id: string; purpose: PasswordTokenPurpose }[], number]
    >(
      `UPDATE password_tokens SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
      RETURNING id, user_id, purpose`,
      [tokenHash],
    );
    const [row] = rows;
    return row ? { id: row.id, userId: row.user_id, purpose: row.purpose } : null;
  }
}
