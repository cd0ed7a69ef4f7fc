import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiErrors } from '../common/api-errors';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser } from '../common/auth-user';
import { CurrentUser, Roles, UuidParam } from '../common/decorators';
import { PageQuery } from '../common/pagination';
import { STAFF } from '../common/roles';
import { CreateSourceDto, UpdateSourceDto } from './dto/source-input.dto';
import {
  RedactedSourceDto,
  SOURCE_VIEW_SCHEMA,
  SourceDto,
  SourcePageDto,
  SourceView,
} from './dto/source.dto';
import { SourcesService } from './sources.service';

@ApiTags('sources')
@ApiBearerAuth()
@ApiExtraModels(SourceDto, RedactedSourceDto)
@Controller()
export class SourcesController {
  constructor(private readonly sources: SourcesService) {}

  @Roles('monitor', 'verifier', 'admin')
  @ApiErrors(403, 409)
  @Post('incidents/:id/sources')
  @HttpCode(201)
  @ApiCreatedResponse({ schema: SOURCE_VIEW_SCHEMA })
  create(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: CreateSourceDto,
  ): Promise<SourceView> {
    return this.sources.create(user, id, dto);
  }

  @Roles(...STAFF)
  @Get('incidents/:id/sources')
  list(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Query() query: PageQuery,
  ): Promise<SourcePageDto> {
    return this.sources.list(user, id, query);
  }

  /** The details of a source (admins, verifiers, who added it; else 404). Each reveal is audited. */
  @Roles(...STAFF)
  @Post('sources/:id/reveal')
  @HttpCode(200)
  reveal(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<SourceDto> {
    return this.sources.reveal(user, id);
  }

  @Roles('monitor', 'verifier', 'admin')
  @ApiErrors(403, 409)
  @Patch('sources/:id')
  @ApiOkResponse({ schema: SOURCE_VIEW_SCHEMA })
  update(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: UpdateSourceDto,
  ): Promise<SourceView> {
    return this.sources.update(user, id, dto);
  }
}
