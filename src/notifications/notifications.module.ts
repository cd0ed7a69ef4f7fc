import { Module } from '@nestjs/common';
import { CommentsModule } from '../comments/comments.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { OutboxModule } from '../outbox/outbox.module';
import { UsersModule } from '../users/users.module';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [OutboxModule, IncidentsModule, UsersModule, CommentsModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationsRepository],
  exports: [NotificationsService, NotificationsRepository],
})
export class NotificationsModule {}
