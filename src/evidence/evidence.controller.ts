import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiErrors } from '../common/api-errors';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import contentDisposition from 'content-disposition';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUser } from '../common/auth-user';
import { InjectConfig } from '../common/core.module';
import { CurrentUser, Public, Roles, UuidParam } from '../common/decorators';
import { DomainError, invalidField } from '../common/errors';
import { PageQuery } from '../common/pagination';
import { STAFF } from '../common/roles';
import { AppConfig } from '../config/config';
import { DownloadTickets } from '../auth/download-tickets';
import { DownloadTicketDto, RedeemTicketDto } from '../auth/dto/download-ticket.dto';
import { StorageService } from '../storage/storage.service';
import {
  CreateEvidenceDto,
  CustodyPageDto,
  EvidenceDto,
  EvidencePageDto,
  ReviewEvidenceDto,
  UploadLimitsDto,
  WithdrawEvidenceDto,
} from './dto/evidence.dto';
import { EvidenceService, Upload } from './evidence.service';
import { ALLOWED_MIME_PREFIXES, ALLOWED_MIME_TYPES } from './file-types';

function isMalformedMultipart(error: unknown): boolean {
  if (!(error instanceof Error) || error instanceof DomainError || error instanceof HttpException)
    return false;
  const fastifyCode = (error as { code?: unknown }).code;
  if (typeof fastifyCode === 'string' && fastifyCode.startsWith('FST_')) return false;
  return /multipart|boundary|unexpected end of form|part terminated|malformed/i.test(error.message);
}

@ApiTags('evidence')
@ApiBearerAuth()
@Controller()
export class EvidenceController {
  constructor(
    private readonly evidence: EvidenceService,
    private readonly storage: StorageService,
    private readonly tickets: DownloadTickets,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** multipart/form-data with one `file` and the fields of CreateEvidenceDto, or JSON without a file. */
  @Roles('monitor', 'admin')
  @ApiErrors(403, 409, 422)
  @Post('incidents/:id/evidence')
  @HttpCode(201)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: CreateEvidenceDto })
  async add(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Req() request: FastifyRequest,
  ): Promise<EvidenceDto> {
    if (!request.isMultipart()) {
      const dto = await this.evidence.parseFields((request.body ?? {}) as Record<string, string>);
      return this.evidence.add(user, id, dto);
    }
    // Refuse before reading any bytes of the file.
    await this.evidence.assertCanAdd(user, id);
    const fields: Record<string, string> = {};
    let upload: Upload | undefined;
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file' || upload) {
            throw invalidField('file', 'Send exactly one file, in the field named "file"');
          }
          upload = {
            file: await this.storage.receive(part.file, this.config.maxUploadBytes),
            claimedType: part.mimetype,
            filename: part.filename,
          };
        } else {
          // A repeated field would silently keep one of its values: refuse it instead.
          if (Object.hasOwn(fields, part.fieldname)) {
            throw invalidField(part.fieldname, `The field "${part.fieldname}" is sent twice`);
          }
          fields[part.fieldname] = String(part.value);
        }
      }
      if (!upload) throw invalidField('file', 'The multipart body has no "file" part');
      return await this.evidence.add(user, id, await this.evidence.parseFields(fields), upload);
    } catch (error) {
      // The multipart parser reports a malformed body (no boundary, truncated part) as a
      // plain Error: that is the client's mistake, not ours.
      if (isMalformedMultipart(error))
        throw new DomainError('bad_request', 'The multipart body is malformed');
      throw error;
    } finally {
      if (upload) await this.storage.discard(upload.file);
    }
  }

  /** The upload limit and allowed types, for a client's check before it sends a file. */
  @Roles(...STAFF)
  @Get('evidence/upload-limits')
  uploadLimits(): UploadLimitsDto {
    return {
      maxUploadBytes: this.config.maxUploadBytes,
      allowedTypes: [...ALLOWED_MIME_TYPES],
      allowedTypePrefixes: [...ALLOWED_MIME_PREFIXES],
    };
  }

  @Roles(...STAFF)
  @Get('incidents/:id/evidence')
  list(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Query() query: PageQuery,
  ): Promise<EvidencePageDto> {
    return this.evidence.list(user, id, query);
  }

  @Roles(...STAFF)
  @Get('evidence/:id')
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<EvidenceDto> {
    return this.evidence.get(user, id);
  }

  @Roles(...STAFF)
  @Get('evidence/:id/custody')
  custody(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Query() query: PageQuery,
  ): Promise<CustodyPageDto> {
    return this.evidence.custodyOf(user, id, query);
  }

  @Roles('verifier', 'admin')
  @ApiErrors(403, 409)
  @Post('evidence/:id/review')
  @HttpCode(200)
  review(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: ReviewEvidenceDto,
  ): Promise<EvidenceDto> {
    return this.evidence.review(user, id, dto);
  }

  /** Its uploader or an admin, while it is pending; the file and its custody log stay. */
  @Roles(...STAFF)
  @ApiErrors(403, 409)
  @Post('evidence/:id/withdraw')
  @HttpCode(200)
  withdraw(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: WithdrawEvidenceDto,
  ): Promise<EvidenceDto> {
    return this.evidence.withdraw(user, id, dto);
  }

  @Roles(...STAFF)
  @Get('evidence/:id/content')
  // The file as it was uploaded: any of the allowed types (file-types.ts).
  @ApiProduces('*/*')
  async content(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.send(user, id, reply);
  }

  /** A single-use ticket for a browser's form POST to the content route (spec 10). */
  @Roles(...STAFF)
  @Post('evidence/:id/download-ticket')
  @HttpCode(201)
  async downloadTicket(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
  ): Promise<DownloadTicketDto> {
    await this.evidence.downloadable(user, id);
    return this.tickets.issue(user, 'evidence', id);
  }

  /** The browser's download: the ticket in a form body stands for the bearer token. */
  @Public()
  @Post('evidence/:id/content')
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  // The file as it was uploaded: any of the allowed types (file-types.ts).
  @ApiProduces('*/*')
  async contentByTicket(
    @UuidParam() id: string,
    @Body() dto: RedeemTicketDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const user = await this.tickets.redeem(dto.ticket, 'evidence', id);
    (request as FastifyRequest & { user?: AuthUser }).user = user;
    await this.send(user, id, reply);
  }

  private async send(user: AuthUser, id: string, reply: FastifyReply): Promise<void> {
    const { item, stream } = await this.evidence.openContent(user, id);
    await reply
      .header('content-type', item.mimeType ?? 'application/octet-stream')
      .header('content-length', String(item.sizeBytes))
      .header(
        'content-disposition',
        contentDisposition(item.originalFilename ?? `${item.id}`, { type: 'attachment' }),
      )
      .header('x-content-type-options', 'nosniff')
      .header('x-content-sha256', item.sha256!)
      .send(stream);
  }
}
