import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { createHmac } from 'node:crypto';
import { Logger } from 'pino';
import { InjectConfig, InjectLogger } from '../common/core.module';
import { AppConfig } from '../config/config';
import { FieldCipher, SealedDataError } from '../crypto/field-cipher';
import { IncidentsRepository } from '../incidents/incidents.repository';
import { OutboxRepository } from '../outbox/outbox.repository';
import { DeliveryStatus } from './webhook-delivery.entity';
import { WEBHOOK_DELETED } from './webhooks.service';
import { PostFailure, postJson } from './webhook-post';
import { DeliveryTarget, WebhooksRepository } from './webhooks.repository';

export const USER_AGENT = 'sanctions-tracker-webhooks';

/** What a receiver gets: the event, its facts and the incident's identity. Ids only, no sources. */
export interface WebhookBody {
  id: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

interface DeliveryFacts extends DeliveryTarget {
  type: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
  incidentId: string | null;
  reference: string | null;
  incidentStatus: string | null;
}

/** Thrown for a failed attempt that BullMQ should retry after its backoff. */
export class DeliveryAttemptError extends Error {}

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** POSTs one delivery (spec 9); the processor calls it once per attempt. */
@Injectable()
export class WebhookSender {
  constructor(
    private readonly webhooks: WebhooksRepository,
    @InjectConfig() private readonly config: AppConfig,
    @InjectLogger() private readonly logger: Logger,
    private readonly cipher: FieldCipher,
    private readonly outbox: OutboxRepository,
    private readonly incidents: IncidentsRepository,
  ) {}

  /**
   * One attempt. Returns when the delivery is done or nothing is left to do (idempotent);
   * throws DeliveryAttemptError to be retried, UnrecoverableError when retrying cannot help.
   * On the final attempt a failure marks the delivery failed.
   */
  async deliver(deliveryId: string, finalAttempt: boolean): Promise<DeliveryStatus | null> {
    const facts = await this.load(deliveryId);
    if (!facts || facts.status !== 'pending') return facts?.status ?? null;
    if (!facts.webhookActive) {
      await this.webhooks.closeDelivery(deliveryId, WEBHOOK_DELETED);
      return 'failed';
    }
    let secret: string;
    try {
      secret = this.cipher.open(facts.secretSealed, facts.webhookId);
    } catch (error) {
      if (!(error instanceof SealedDataError)) throw error;
      await this.webhooks.closeDelivery(
        deliveryId,
        'signing secret cannot be decrypted with the configured keys',
      );
      throw new UnrecoverableError(`webhook ${facts.webhookId}: secret cannot be decrypted`);
    }

    // Counted before the POST, so a crash mid-request still shows in the log.
    const attempt = await this.webhooks.startAttempt(deliveryId);
    if (attempt === null) return null;
    const body = JSON.stringify(this.bodyOf(facts));
    const context = {
      deliveryId,
      webhookId: facts.webhookId,
      eventId: facts.eventId,
      attempt,
    };

    let statusCode: number | null = null;
    let failure: string | null = null;
    try {
      statusCode = await postJson(
        facts.url,
        body,
        {
          'Content-Type': 'application/json',
          'User-Agent': USER_AGENT,
          'X-Event-Id': facts.eventId,
          'X-Webhook-Id': facts.webhookId,
          'X-Delivery-Attempt': String(attempt),
          'X-Signature': signBody(secret, body),
        },
        this.config.webhookTimeoutMs,
        this.config.webhookAllowPrivate,
      );
      if (statusCode < 200 || statusCode > 299) failure = `HTTP ${statusCode}`;
    } catch (error) {
      if (!(error instanceof PostFailure)) throw error;
      failure = error.failure;
    }

    if (failure === null) {
      await this.webhooks.markDelivered(deliveryId, statusCode);
      this.logger.info({ ...context, statusCode }, 'webhook delivered');
      return 'delivered';
    }
    await this.webhooks.recordFailedAttempt(deliveryId, statusCode, failure, finalAttempt);
    this.logger.warn(
      { ...context, statusCode, err: failure, final: finalAttempt },
      finalAttempt ? 'webhook delivery failed for good' : 'webhook delivery failed, will retry',
    );
    throw new DeliveryAttemptError(failure);
  }

  /**
   * The job ended for good without the sender closing the delivery (an error other than a
   * failed POST on its last attempt, or stalled past BullMQ's limit): marks it failed, so it
   * does not read as pending forever. A delivery already closed is left as it is.
   */
  async giveUp(deliveryId: string): Promise<void> {
    await this.webhooks.closeDelivery(deliveryId, 'gave up: the delivery job failed for good');
  }

  /**
   * The outbox payload (ids and non-confidential facts by contract, see outbox.ts) plus the
   * incident's id, reference and current status. Nothing is read from sources or evidence.
   */
  private bodyOf(facts: DeliveryFacts): WebhookBody {
    return {
      id: facts.eventId,
      type: facts.type,
      occurredAt: facts.occurredAt.toISOString(),
      data: {
        ...facts.payload,
        incident: facts.incidentId
          ? { id: facts.incidentId, reference: facts.reference, status: facts.incidentStatus }
          : null,
      },
    };
  }

  private async load(deliveryId: string): Promise<DeliveryFacts | null> {
    const row = await this.webhooks.deliveryTarget(deliveryId);
    if (!row) return null;
    const event = await this.outbox.event(row.eventId);
    if (!event) return null;
    // The incident's identity and status as they are when the POST is sent.
    const incident =
      event.aggregateType === 'incident' ? await this.incidents.identity(event.aggregateId) : null;
    return {
      ...row,
      type: event.type,
      payload: event.payload,
      occurredAt: event.createdAt,
      incidentId: incident?.id ?? null,
      reference: incident?.reference ?? null,
      incidentStatus: incident?.status ?? null,
    };
  }
}
