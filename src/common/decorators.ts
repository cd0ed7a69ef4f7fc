import {
  createParamDecorator,
  ExecutionContext,
  Param,
  ParseUUIDPipe,
  SetMetadata,
} from '@nestjs/common';
import { DomainError } from './errors';
import { Role } from './roles';
import { AuthUser } from './auth-user';

export const PUBLIC_KEY = 'access:public';
export const ROLES_KEY = 'access:roles';

/** Reachable without a token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/** Reachable by a signed-in user holding at least one of these roles. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES_KEY, roles);

export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser =>
    context.switchToHttp().getRequest<{ user: AuthUser }>().user,
);

/** A UUID path parameter; anything else is a 400 rather than a database error. */
export const UuidParam = (name = 'id'): ParameterDecorator =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () => new DomainError('bad_request', `${name} must be a UUID`),
    }),
  );
