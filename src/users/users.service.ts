import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { assertNotNull } from '../common/validation';
import { AuthUser } from '../common/auth-user';
import { DomainError, notFound, staleVersion, duplicate } from '../common/errors';
import { Page, toPage } from '../common/pagination';
import { Role } from '../common/roles';
import { pgCode, UNIQUE_VIOLATION } from '../database/pg-errors';
import { UserChanges, UsersRepository } from './users.repository';
import { SessionCache } from '../session-cache/session-cache';
import { CreateUserDto, mapUser, UpdateUserDto, UserDto } from './dto/user.dto';
import { hashPassword } from './password';
import { User } from './user.entity';

export interface NewUser {
  email: string;
  displayName: string;
  password: string;
  roles: Role[];
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

@Injectable()
export class UsersService {
  constructor(
    private readonly audit: AuditService,
    private readonly sessions: SessionCache,
    private readonly accounts: UsersRepository,
  ) {}

  async create(actorId: string | null, input: NewUser | CreateUserDto): Promise<UserDto> {
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.accounts.transaction(async (manager) => {
        const user = await this.accounts.createUser(manager, {
          email: normaliseEmail(input.email),
          displayName: input.displayName,
          passwordHash,
          roles: [...new Set(input.roles)],
        });
        await this.audit.append(manager, {
          actorId,
          action: 'user.created',
          entityType: 'user',
          entityId: user.id,
          data: { email: user.email, displayName: user.displayName, roles: user.roles },
        });
        return mapUser(user);
      });
    } catch (error) {
      if (pgCode(error) === UNIQUE_VIOLATION) {
        throw duplicate('A user with this email already exists');
      }
      throw error;
    }
  }

  async anyUserExists(): Promise<boolean> {
    return (await this.accounts.countUsers()) > 0;
  }

  /** Creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD when the database has no user. */
  async bootstrapAdmin(email: string, password: string): Promise<boolean> {
    if (await this.anyUserExists()) return false;
    try {
      await this.create(null, { email, password, displayName: 'Administrator', roles: ['admin'] });
      return true;
    } catch (error) {
      // Another process bootstrapping at the same moment created it first.
      if (error instanceof DomainError && error.reason === 'duplicate') return false;
      throw error;
    }
  }

  async list(limit: number, cursor?: string): Promise<Page<UserDto>> {
    const rows = await this.accounts.userPage(limit, cursor);
    return toPage(rows, limit, (user) => [user.createdAt.toISOString(), user.id], mapUser);
  }

  async get(id: string): Promise<UserDto> {
    const user = await this.accounts.user(id);
    if (!user) throw notFound('User');
    return mapUser(user);
  }

  async update(actor: AuthUser, id: string, dto: UpdateUserDto): Promise<UserDto> {
    if (actor.id === id && (dto.active === false || (dto.roles && !dto.roles.includes('admin')))) {
      throw new DomainError(
        'unprocessable',
        'Admins cannot deactivate themselves or drop their own admin role',
      );
    }
    assertNotNull(dto, ['displayName', 'roles', 'active']);
    const updated = await this.accounts.transaction(async (manager) => {
      const before = await this.accounts.user(id, manager);
      if (!before) throw notFound('User');
      const changes: UserChanges = {};
      if (dto.displayName !== undefined) changes.displayName = dto.displayName;
      if (dto.roles !== undefined) changes.roles = [...new Set(dto.roles)];
      if (dto.active !== undefined) changes.active = dto.active;
      if (!(await this.accounts.updateUser(manager, id, dto.version, changes))) {
        throw staleVersion('User');
      }
      if (dto.active === false) await this.revokeSessions(manager, id, 'deactivated');
      const after = await this.accounts.user(id, manager);
      if (!after) throw notFound('User');
      await this.audit.append(manager, {
        actorId: actor.id,
        action: 'user.updated',
        entityType: 'user',
        entityId: id,
        data: { changes: diff(before, after, Object.keys(changes) as (keyof User)[]) },
      });
      return mapUser(after);
    });
    // Roles, name and standing are read per request: the cached caller must go at once.
    this.sessions.evictUser(id);
    return updated;
  }

  async revokeSessions(
    manager: EntityManager,
    userId: string,
    reason: string,
    exceptSessionId?: string,
  ): Promise<void> {
    await this.accounts.revokeSessions(manager, userId, reason, exceptSessionId);
  }
}

function diff(before: User, after: User, fields: (keyof User)[]): Record<string, unknown> {
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  for (const field of fields) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) {
      changes[field] = { old: before[field], new: after[field] };
    }
  }
  return changes;
}
