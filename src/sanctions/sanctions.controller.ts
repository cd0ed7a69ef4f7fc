import { Controller, Get, HttpCode, HttpException, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { ApiErrors } from '../common/api-errors';
import { AuthUser } from '../common/auth-user';
import { InjectConfig } from '../common/core.module';
import { CurrentUser, Roles, UuidParam } from '../common/decorators';
import { DomainError, invalidField } from '../common/errors';
import { PageQuery } from '../common/pagination';
import { STAFF } from '../common/roles';
import { AppConfig } from '../config/config';
import { ReceivedFile, StorageService } from '../storage/storage.service';
import {
  RescreenDto,
  ChangeListQuery,
  DesignationChangePageDto,
  DesignationDto,
  DesignationListQuery,
  DesignationPageDto,
  ImportQueuedDto,
  ImportUploadDto,
  ListVersionPageDto,
  ReferenceParam,
  SanctionsImportDto,
} from './dto/sanctions.dto';
import { SanctionsService } from './sanctions.service';

const FILE_PARTS = ['file', 'vessels'] as const;
type FilePart = (typeof FILE_PARTS)[number];

function isMalformedMultipart(error: unknown): boolean {
  if (!(error instanceof Error) || error instanceof DomainError || error instanceof HttpException)
    return false;
  const fastifyCode = (error as { code?: unknown }).code;
  if (typeof fastifyCode === 'string' && fastifyCode.startsWith('FST_')) return false;
  return /multipart|boundary|unexpected end of form|part terminated|malformed/i.test(error.message);
}

/** An XML document starts with `<` after an optional byte-order mark and white space. */
const looksLikeXml = (head: Buffer): boolean =>
  /^(\uFEFF)?\s*</.test(head.subarray(0, 256).toString('utf8'));

@ApiTags('sanctions')
@ApiBearerAuth()
@Controller('sanctions')
export class SanctionsController {
  constructor(
    private readonly sanctions: SanctionsService,
    private readonly storage: StorageService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Uploads the Consolidated List (`file`, XML) and optionally the vessel list (`vessels`,
   * CSV); `force=true` accepts a list that shrank by more than 10%. The import runs as a job:
   * follow it with GET /sanctions/imports/{id}.
   */
  @Roles('admin')
  @Post('imports')
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportUploadDto })
  async upload(
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<ImportQueuedDto> {
    if (!request.isMultipart()) {
      throw new DomainError('unsupported_media_type', 'Send the list as multipart/form-data');
    }
    const received: Partial<Record<FilePart, ReceivedFile>> = {};
    let force: boolean | undefined;
    let adopted = false;
    try {
      for await (const part of request.parts({ limits: { files: 2, fields: 5 } })) {
        if (part.type === 'file') {
          const name = part.fieldname as FilePart;
          if (!FILE_PARTS.includes(name) || received[name]) {
            throw invalidField(part.fieldname, 'Send one "file" and at most one "vessels" file');
          }
          received[name] = await this.storage.receive(part.file, this.config.maxUploadBytes);
        } else if (part.fieldname === 'force' && force === undefined) {
          const value = String(part.value);
          if (value !== 'true' && value !== 'false') {
            throw invalidField('force', 'force must be true or false');
          }
          force = value === 'true';
        } else {
          throw invalidField(part.fieldname, `The field "${part.fieldname}" is not expected`);
        }
      }
      if (!received.file) throw invalidField('file', 'The multipart body has no "file" part');
      if (!looksLikeXml(received.file.head)) {
        throw new DomainError('unsupported_media_type', 'The list must be the XML edition');
      }
      const id = await this.sanctions.request({
        source: 'upload',
        requestedBy: user.id,
        list: received.file,
        vessels: received.vessels,
        force: force ?? false,
      });
      adopted = true;
      await this.sanctions.enqueue(id);
      return { id, status: 'queued' };
    } catch (error) {
      if (isMalformedMultipart(error)) {
        throw new DomainError('bad_request', 'The multipart body is malformed');
      }
      throw error;
    } finally {
      if (!adopted) {
        for (const file of Object.values(received)) await this.storage.discard(file);
      }
    }
  }

  @Roles('admin')
  @Get('imports/:id')
  getImport(@UuidParam() id: string): Promise<SanctionsImportDto> {
    return this.sanctions.getImport(id);
  }

  @Roles(...STAFF)
  @Get('versions')
  listVersions(@Query() query: PageQuery): Promise<ListVersionPageDto> {
    return this.sanctions.versions(query);
  }

  @Roles(...STAFF)
  @Get('versions/:id/changes')
  listChanges(
    @UuidParam() id: string,
    @Query() query: ChangeListQuery,
  ): Promise<DesignationChangePageDto> {
    return this.sanctions.changes(id, query);
  }

  /** The re-screening the version started: 404 when it neither added nor amended anything. */
  @Roles(...STAFF)
  @ApiErrors(404)
  @Get('versions/:id/rescreen')
  getRescreen(@UuidParam() id: string): Promise<RescreenDto> {
    return this.sanctions.rescreen(id);
  }

  @Roles(...STAFF)
  @Get('designations')
  listDesignations(@Query() query: DesignationListQuery): Promise<DesignationPageDto> {
    return this.sanctions.designations(query);
  }

  @Roles(...STAFF)
  @ApiErrors(400, 404)
  @Get('designations/:ref')
  getDesignation(@Param() params: ReferenceParam): Promise<DesignationDto> {
    return this.sanctions.designation(params.ref);
  }
}
