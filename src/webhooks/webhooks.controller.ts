import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../common/auth-user';
import { CurrentUser, Roles, UuidParam } from '../common/decorators';
import { PageQuery } from '../common/pagination';
import {
  CreateWebhookDto,
  WebhookDeliveryPageDto,
  WebhookDto,
  WebhookPageDto,
} from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

/** Admin only. The signing secret goes in once and never comes back out. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Roles('admin')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @HttpCode(201)
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateWebhookDto): Promise<WebhookDto> {
    return this.webhooks.create(actor.id, dto);
  }

  /** Newest first; deleted webhooks are left out. */
  @Get()
  list(@Query() query: PageQuery): Promise<WebhookPageDto> {
    return this.webhooks.list(query);
  }

  @Get(':id')
  get(@UuidParam() id: string): Promise<WebhookDto> {
    return this.webhooks.get(id);
  }

  /** Stops deliveries at once; the delivery history is kept (soft delete). */
  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentUser() actor: AuthUser, @UuidParam() id: string): Promise<void> {
    return this.webhooks.remove(actor.id, id);
  }

  /** The delivery log, newest first. */
  @Get(':id/deliveries')
  deliveries(@UuidParam() id: string, @Query() query: PageQuery): Promise<WebhookDeliveryPageDto> {
    return this.webhooks.deliveries(id, query);
  }
}
