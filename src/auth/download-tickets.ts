import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { createHash, randomBytes } from 'node:crypto';
import { AuthUser } from '../common/auth-user';
import { Clock, InjectClock, InjectRedis } from '../common/core.module';
import { DomainError } from '../common/errors';
import { UsersRepository } from '../users/users.repository';

/** How long a ticket may wait for its form POST (spec 10). */
export const TICKET_TTL_SECONDS = 60;

export type TicketKind = 'evidence' | 'export';

export interface IssuedTicket {
  ticket: string;
  expiresAt: string;
}

interface StoredTicket {
  userId: string;
  sessionId: string;
  kind: TicketKind;
  objectId: string;
  expiresAt: number;
}

const TICKET = /^[A-Za-z0-9_-]{43}$/;
const UNKNOWN = 'This download ticket is unknown, used or expired';

const keyOf = (ticket: string): string =>
  `download-ticket:${createHash('sha256').update(ticket).digest('hex')}`;

/**
 * Single-use download tickets (spec 10): a browser cannot put a bearer header on a download it
 * hands to the browser itself, and a token must never enter a URL, so a signed-in client asks
 * for a ticket bound to the user's session and to one file, then submits it in a form POST.
 * Tickets live in Redis, shared by every API process, under the SHA-256 of their value.
 */
@Injectable()
export class DownloadTickets {
  constructor(
    @InjectRedis() private readonly redis: Redis,
    @InjectClock() private readonly clock: Clock,
    private readonly accounts: UsersRepository,
  ) {}

  async issue(user: AuthUser, kind: TicketKind, objectId: string): Promise<IssuedTicket> {
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = this.clock.now() + TICKET_TTL_SECONDS * 1000;
    const stored: StoredTicket = {
      userId: user.id,
      sessionId: user.sessionId,
      kind,
      objectId,
      expiresAt,
    };
    await this.unlessDown(() =>
      this.redis.set(keyOf(ticket), JSON.stringify(stored), 'EX', TICKET_TTL_SECONDS),
    );
    return { ticket, expiresAt: new Date(expiresAt).toISOString() };
  }

  /**
   * The caller the ticket was issued to, if it is unused, unexpired, for this very file, and
   * its session is still live. Whatever the outcome, the ticket is spent.
   */
  async redeem(ticket: unknown, kind: TicketKind, objectId: string): Promise<AuthUser> {
    if (typeof ticket !== 'string' || !TICKET.test(ticket)) {
      throw new DomainError('not_found', UNKNOWN);
    }
    const raw = await this.unlessDown(() => this.redis.getdel(keyOf(ticket)));
    if (raw === null) throw new DomainError('not_found', UNKNOWN);
    const stored = JSON.parse(raw) as StoredTicket;
    if (
      stored.kind !== kind ||
      stored.objectId !== objectId ||
      stored.expiresAt <= this.clock.now()
    )
      throw new DomainError('not_found', UNKNOWN);
    const caller = await this.accounts.caller(stored.userId, stored.sessionId);
    if (!caller) throw new DomainError('not_found', UNKNOWN);
    return caller;
  }

  private async unlessDown<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch {
      throw new DomainError('unavailable', 'Download tickets are unavailable right now');
    }
  }
}
