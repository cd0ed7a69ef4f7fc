import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsString,
  IsUrl,
  MaxLength,
  MinLength,
} from 'class-validator';
import { WEBHOOK_EVENT_TYPES, WebhookEventType } from '../../outbox/outbox';
import { DeliveryStatus, WebhookDelivery } from '../webhook-delivery.entity';
import { Webhook } from '../webhook.entity';

export const SECRET_MIN_LENGTH = 16;
export const SECRET_MAX_LENGTH = 200;

export class CreateWebhookDto {
  /** Absolute http(s) URL; host names without a TLD (an internal receiver) are allowed. */
  @IsString()
  @MaxLength(2048)
  @IsUrl(
    {
      protocols: ['http', 'https'],
      require_protocol: true,
      require_tld: false,
      disallow_auth: true,
    },
    { message: 'url must be an absolute http or https URL without credentials' },
  )
  url: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, {
    each: true,
    message: `each value in events must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}`,
  })
  events: WebhookEventType[];

  /** Signs every delivery (HMAC-SHA256); stored encrypted and never shown again. */
  @IsString()
  @MinLength(SECRET_MIN_LENGTH)
  @MaxLength(SECRET_MAX_LENGTH)
  secret: string;
}

export class WebhookDto {
  id: string;
  url: string;
  events: WebhookEventType[];
  active: boolean;
  createdAt: string;
  createdBy: string;
}

export class WebhookPageDto {
  items: WebhookDto[];
  nextCursor: string | null;
}

export class WebhookDeliveryDto {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
}

export class WebhookDeliveryPageDto {
  items: WebhookDeliveryDto[];
  nextCursor: string | null;
}

export const mapWebhook = (row: Webhook): WebhookDto => ({
  id: row.id,
  url: row.url,
  events: row.events,
  active: row.active,
  createdAt: row.createdAt.toISOString(),
  createdBy: row.createdBy,
});

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

export const mapDelivery = (row: WebhookDelivery): WebhookDeliveryDto => ({
  id: row.id,
  webhookId: row.webhookId,
  eventId: row.eventId,
  eventType: row.eventType,
  status: row.status,
  attempts: row.attempts,
  lastStatusCode: row.lastStatusCode,
  lastError: row.lastError,
  createdAt: row.createdAt.toISOString(),
  lastAttemptAt: iso(row.lastAttemptAt),
  deliveredAt: iso(row.deliveredAt),
});
