import { Global, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type NodemailerError } from 'nodemailer';
import { Logger } from 'pino';
import { AppConfig } from '../config/config';
import { InjectConfig, InjectLogger } from './core.module';

type Transport = ReturnType<typeof createPooledTransport>;

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

function createPooledTransport(smtpUrl: string) {
  return createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 1,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
}

/**
 * The one SMTP client of a process (`SMTP_URL`, from `MAIL_FROM`): notification copies and
 * password links go through the same pooled connection. It opens on the first message and
 * closes when the application shuts down, after every module has stopped sending.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private transport: Transport | null = null;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  /** Whether e-mail is configured at all. */
  get configured(): boolean {
    return Boolean(this.config.smtpUrl);
  }

  /** Sends one plain-text message; rejects with nodemailer's error (log its codes only). */
  async send(mail: Mail): Promise<void> {
    await this.open().sendMail({ from: this.config.mailFrom, ...mail });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
    this.transport = null;
  }

  private open(): Transport {
    if (this.transport) return this.transport;
    if (!this.config.smtpUrl) throw new Error('SMTP_URL is not set');
    const transport = createPooledTransport(this.config.smtpUrl);
    // The pool reports a broken idle connection here; an unheard 'error' would end the process.
    transport.on('error', (error: NodemailerError) =>
      this.logger.warn({ code: error.code }, 'mailer: smtp connection error'),
    );
    return (this.transport = transport);
  }
}

/** The mailer for every module of the process (both entry points import it). */
@Global()
@Module({ providers: [Mailer], exports: [Mailer] })
export class MailModule {}
