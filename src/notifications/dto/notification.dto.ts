import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { Notification, NotificationType } from '../notification.entity';

export class NotificationQuery extends PageQuery {
  /** `true`: only notifications not yet read. */
  @IsOptional()
  @IsIn(['true', 'false'])
  unread?: 'true' | 'false';
}

export class NotificationDto {
  id: string;
  type: NotificationType;
  incidentId: string | null;
  reference: string | null;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

export class NotificationPageDto {
  items: NotificationDto[];
  nextCursor: string | null;
}

export class ReadAllDto {
  updated: number;
}

export class UnreadCountDto {
  /** How many of the caller's notifications are unread, all of them (not a page). */
  unread: number;
}

export const mapNotification = (row: Notification): NotificationDto => ({
  id: row.id,
  type: row.type,
  incidentId: row.incidentId,
  reference: row.reference,
  title: row.title,
  body: row.body,
  createdAt: row.createdAt.toISOString(),
  readAt: row.readAt ? row.readAt.toISOString() : null,
});
