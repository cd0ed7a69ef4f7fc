import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import contentDisposition from 'content-disposition';
import { FastifyReply } from 'fastify';
import { AuthUser } from '../common/auth-user';
import { CurrentUser, Roles, UuidParam } from '../common/decorators';
import { STAFF } from '../common/roles';
import {
  CreateExportDto,
  ExportDto,
  ExportListQuery,
  ExportPageDto,
  ExportQueuedDto,
} from './dto/export.dto';
import { ExportsService } from './exports.service';

@ApiTags('exports')
@ApiBearerAuth()
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  /** Public scope: writers and admins; internal scope: verifiers and admins. */
  @Roles('writer', 'verifier', 'admin')
  @Post()
  @HttpCode(202)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateExportDto): Promise<ExportQueuedDto> {
    return this.exports.create(user, dto);
  }

  @Roles(...STAFF)
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ExportListQuery): Promise<ExportPageDto> {
    return this.exports.list(user, query);
  }

  @Roles(...STAFF)
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<ExportDto> {
    return this.exports.get(user, id);
  }

  @Roles(...STAFF)
  @Get(':id/download')
  @ApiProduces('text/csv', 'application/json', 'application/x-ndjson', 'text/markdown', 'text/html')
  async download(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { row, filename, contentType, stream } = await this.exports.openDownload(user, id);
    await reply
      .header('content-type', contentType)
      .header('content-length', String(row.sizeBytes))
      .header('content-disposition', contentDisposition(filename, { type: 'attachment' }))
      .header('x-content-type-options', 'nosniff')
      .header('x-content-sha256', row.sha256!)
      .header('cache-control', 'private, no-store')
      .send(stream);
  }
}
