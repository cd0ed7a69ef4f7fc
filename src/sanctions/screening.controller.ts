import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors';
import { AuthUser } from '../common/auth-user';
import { CurrentUser, Roles, UuidParam } from '../common/decorators';
import { STAFF } from '../common/roles';
import {
  IncidentScreeningDto,
  MatchDecisionInput,
  ScreenPreviewDto,
  ScreenPreviewInput,
} from './dto/screening.dto';
import { ScreeningService } from './screening.service';

/** Actor screening (spec 15): the form's preview, an incident's candidates, the decisions. */
@ApiTags('sanctions')
@ApiBearerAuth()
@Controller()
export class ScreeningController {
  constructor(private readonly screening: ScreeningService) {}

  /** Screens actors against the list without saving anything. */
  @Roles(...STAFF)
  @Post('sanctions/screen')
  @HttpCode(200)
  preview(@Body() input: ScreenPreviewInput): Promise<ScreenPreviewDto> {
    return this.screening.preview(input);
  }

  /** Per actor: its candidates, best first, and every decision on them. */
  @Roles(...STAFF)
  @ApiErrors(404)
  @Get('incidents/:id/screening')
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<IncidentScreeningDto> {
    return this.screening.incidentScreening(user, id);
  }

  /**
   * A verifier's or admin's decision on a candidate (never the incident's creator): confirmed
   * sets the actor's designationRef to UN:<reference>; dismissed is not proposed again until
   * the designation changes. Answers the incident's screening as it now stands.
   */
  @Roles('verifier', 'admin')
  @ApiErrors(403, 404, 409)
  @Post('incidents/:id/actors/:actorId/matches')
  @HttpCode(201)
  decide(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @UuidParam('actorId') actorId: string,
    @Body() input: MatchDecisionInput,
  ): Promise<IncidentScreeningDto> {
    return this.screening.decide(user, id, actorId, input);
  }
}
