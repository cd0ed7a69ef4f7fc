import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiErrors } from '../common/api-errors';
import { ApiBearerAuth, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import contentDisposition from 'content-disposition';
import { FastifyReply, FastifyRequest } from 'fastify';
import { DownloadTickets } from '../auth/download-tickets';
import { DownloadTicketDto, RedeemTicketDto } from '../auth/dto/download-ticket.dto';
import { AuthUser } from '../common/auth-user';
import { CurrentUser, Public, Roles, UuidParam } from '../common/decorators';
import { STAFF } from '../common/roles';
import {
  CreateExportDto,
  ExportDto,
  ExportListQuery,
  ExportPageDto,
  ExportQueuedDto,
} from './dto/export.dto';
import { ExportsService } from './exports.service';

const DOWNLOAD_TYPES = [
  'text/csv',
  'application/json',
  'application/x-ndjson',
  'text/markdown',
  'text/html',
];

@ApiTags('exports')
@ApiBearerAuth()
@Controller('exports')
export class ExportsController {
  constructor(
    private readonly exports: ExportsService,
    private readonly tickets: DownloadTickets,
  ) {}

  /** Public scope: writers and admins; internal scope: verifiers and admins. */
  @Roles('writer', 'verifier', 'admin')
  @ApiErrors(403)
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
  @ApiErrors(409, 410)
  @Get(':id/download')
  @ApiProduces(...DOWNLOAD_TYPES)
  async download(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.send(user, id, reply);
  }

  /** A single-use ticket for a browser's form POST to the download route (spec 10). */
  @Roles(...STAFF)
  @ApiErrors(409, 410)
  @Post(':id/download-ticket')
  @HttpCode(201)
  async downloadTicket(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
  ): Promise<DownloadTicketDto> {
    await this.exports.downloadable(user, id);
    return this.tickets.issue(user, 'export', id);
  }

  /** The browser's download: the ticket in a form body stands for the bearer token. */
  @Public()
  @ApiErrors(409, 410)
  @Post(':id/download')
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiProduces(...DOWNLOAD_TYPES)
  async downloadByTicket(
    @UuidParam() id: string,
    @Body() dto: RedeemTicketDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const user = await this.tickets.redeem(dto.ticket, 'export', id);
    (request as FastifyRequest & { user?: AuthUser }).user = user;
    await this.send(user, id, reply);
  }

  private async send(user: AuthUser, id: string, reply: FastifyReply): Promise<void> {
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
