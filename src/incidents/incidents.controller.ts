import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiErrors } from '../common/api-errors';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../common/auth-user';
import { CurrentUser, Roles, UuidParam } from '../common/decorators';
import { PageQuery } from '../common/pagination';
import { STAFF } from '../common/roles';
import { WorkflowService } from './workflow.service';
import {
  AssignDto,
  CreateIncidentDto,
  TransitionDto,
  UpdateIncidentDto,
} from './dto/incident-input.dto';
import { IncidentFilters, IncidentListQuery } from './dto/incident-query.dto';
import {
  CreatedIncidentDto,
  HistoryPageDto,
  IncidentDto,
  IncidentPageDto,
  IncidentStatsDto,
  SimilarIncidentDto,
} from './dto/incident.dto';
import { IncidentSearch } from './incident-search';
import { IncidentsService } from './incidents.service';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('incidents')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly search: IncidentSearch,
    private readonly workflow: WorkflowService,
  ) {}

  @Roles('monitor', 'admin')
  @ApiErrors(422)
  @Post()
  @HttpCode(201)
  create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateIncidentDto,
  ): Promise<CreatedIncidentDto> {
    return this.incidents.create(user, dto);
  }

  @Roles(...STAFF)
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: IncidentListQuery): Promise<IncidentPageDto> {
    return this.search.list(user, query);
  }

  @Roles(...STAFF)
  @Get('stats')
  stats(
    @CurrentUser() user: AuthUser,
    @Query() filters: IncidentFilters,
  ): Promise<IncidentStatsDto> {
    return this.search.stats(user, filters);
  }

  @Roles(...STAFF)
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<IncidentDto> {
    return this.incidents.get(user, id);
  }

  @Roles(...STAFF)
  @ApiErrors(403, 409, 422)
  @Patch(':id')
  update(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: UpdateIncidentDto,
  ): Promise<IncidentDto> {
    return this.incidents.update(user, id, dto);
  }

  @Roles(...STAFF)
  @ApiErrors(403, 409, 422)
  @Post(':id/transitions')
  @HttpCode(200)
  transition(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: TransitionDto,
  ): Promise<IncidentDto> {
    return this.workflow.transition(user, id, dto);
  }

  @Roles('verifier', 'admin')
  @ApiErrors(403, 409, 422)
  @Post(':id/assign')
  @HttpCode(200)
  assign(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: AssignDto,
  ): Promise<IncidentDto> {
    return this.incidents.assign(user, id, dto);
  }

  @Roles(...STAFF)
  @Get(':id/history')
  history(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Query() query: PageQuery,
  ): Promise<HistoryPageDto> {
    return this.incidents.history(user, id, query);
  }

  @Roles(...STAFF)
  @Get(':id/similar')
  similarTo(@UuidParam() id: string): Promise<SimilarIncidentDto[]> {
    return this.incidents.similarTo(id);
  }
}
