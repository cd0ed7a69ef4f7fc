import { Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { InjectDataSource } from '@nestjs/typeorm';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { DataSource } from 'typeorm';
import { AuthUser } from '../common/auth-user';
import { InjectConfig } from '../common/core.module';
import { Role } from '../common/roles';
import { AppConfig } from '../config/config';
import { SessionCache } from '../session-cache/session-cache';

export interface AccessTokenPayload {
  sub: string;
  sid: string;
  roles: Role[];
  iat: number;
  exp: number;
  aud: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface CallerRow {
  id: string;
  email: string;
  display_name: string;
  roles: Role[];
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @InjectConfig() config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionCache,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: given a string, jsonwebtoken first tries it as a PEM public
      // key and throws on every request (a tenth of the CPU of a list request, profiled).
      // passport-jwt's types predate KeyObject; jsonwebtoken takes it as is.
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) as unknown as string,
      algorithms: ['HS256'],
      audience: config.jwtAudience,
      ignoreExpiration: false,
    });
  }

  /**
   * The token alone is not trusted: the user must still be active and the session not revoked
   * (logout, refresh reuse, password change and deactivation all revoke sessions). Roles come
   * from the database, so a role change also takes effect on the next request. The answer may
   * come from the SessionCache, which every such change empties at once (session-cache.ts).
   */
  async validate(payload: AccessTokenPayload): Promise<AuthUser | false> {
    // jsonwebtoken accepts a token without `exp` as never expiring; ours always carry one.
    if (typeof payload.exp !== 'number' || typeof payload.iat !== 'number') return false;
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return false;
    if (!UUID.test(payload.sub) || !UUID.test(payload.sid)) return false;
    const cached = this.sessions.get(payload.sub, payload.sid);
    if (cached) return cached;
    const ticket = this.sessions.ticket();
    const rows = await this.dataSource.query<CallerRow[]>(
      `SELECT u.id, u.email, u.display_name, u.roles
         FROM users u JOIN sessions s ON s.user_id = u.id
        WHERE u.id = $1 AND s.id = $2 AND u.active AND s.revoked_at IS NULL`,
      [payload.sub, payload.sid],
    );
    const row = rows[0];
    if (!row) return false;
    const user: AuthUser = {
      id: row.id,
      email: row.email,
      displayName: row.display_name,
      roles: row.roles,
      sessionId: payload.sid,
    };
    this.sessions.set(ticket, user);
    return user;
  }
}
