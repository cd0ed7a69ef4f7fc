import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../common/auth-user';
import { CurrentUser, Roles, UuidParam } from '../common/decorators';
import { STAFF } from '../common/roles';
import {
  NotificationDto,
  NotificationPageDto,
  NotificationQuery,
  ReadAllDto,
  UnreadCountDto,
} from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

/** Each user sees and marks only their own notifications; another's id is a 404. */
@ApiTags('notifications')
@ApiBearerAuth()
@Roles(...STAFF)
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** Newest first. */
  @Get()
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: NotificationQuery,
  ): Promise<NotificationPageDto> {
    return this.notifications.list(user.id, query);
  }

  /** The figure on the badge: every unread notification of the caller, not a page of them. */
  @Get('unread-count')
  unreadCount(@CurrentUser() user: AuthUser): Promise<UnreadCountDto> {
    return this.notifications.unreadCount(user.id);
  }

  @Post('read-all')
  @HttpCode(200)
  readAll(@CurrentUser() user: AuthUser): Promise<ReadAllDto> {
    return this.notifications.markAllRead(user.id);
  }

  @Post(':id/read')
  @HttpCode(200)
  read(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<NotificationDto> {
    return this.notifications.markRead(user.id, id);
  }
}
