import { Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AuthUser } from '../common/auth-user';
import { InjectConfig } from '../common/core.module';
import { Role } from '../common/roles';
import { AppConfig } from '../config/config';
import { SessionCache } from '../session-cache/session-cache';
import { UsersRepository } from '../users/users.repository';

export interface AccessTokenPayload {
  sub: string;
  sid: string;
  roles: Role[];
  iat: number;
  exp: number;
  aud: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @InjectConfig() config: AppConfig,
    private readonly accounts: UsersRepository,
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
    const user = await this.accounts.caller(payload.sub, payload.sid);
    if (!user) return false;
    this.sessions.set(ticket, user);
    return user;
  }
}
