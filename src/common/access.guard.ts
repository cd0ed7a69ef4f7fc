import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AuthUser, hasRole } from './auth-user';
import { PUBLIC_KEY, ROLES_KEY } from './decorators';
import { DomainError, forbidden, unauthorized } from './errors';
import { Role } from './roles';

/**
 * The one global guard: a route is reachable only if it is @Public() or declares @Roles(...).
 * Token checks are passport-jwt's; the strategy reloads the user so deactivation bites at once.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles) throw forbidden('This route declares no access rule');
    await super.canActivate(context);
    const user = context.switchToHttp().getRequest<{ user: AuthUser }>().user;
    if (!hasRole(user, ...roles)) {
      throw forbidden(`This action needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }

  override handleRequest<TUser = AuthUser>(error: unknown, user: TUser | false): TUser {
    if (error instanceof DomainError) throw error;
    // passport-jwt reports a bad token through `user === false`; an error here comes from
    // loading the caller, i.e. the database is unreachable: that is a 503, not a 401.
    if (error)
      throw new DomainError('unavailable', 'The service cannot check your session right now');
    if (!user) throw unauthorized('Missing, invalid, expired or revoked access token');
    return user;
  }
}
