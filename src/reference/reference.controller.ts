import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiErrors } from '../common/api-errors';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../common/auth-user';
import { CurrentUser, Roles } from '../common/decorators';
import { STAFF } from '../common/roles';
import {
  CategoryDto,
  CreateCategoryDto,
  CreateProvisionDto,
  CreateRegimeDto,
  ProvisionDto,
  ProvisionQuery,
  ReferenceQuery,
  RegimeDto,
  UpdateCategoryDto,
  UpdateProvisionDto,
  UpdateRegimeDto,
} from './dto/reference.dto';
import { ReferenceService } from './reference.service';

/** Lists are whole arrays sorted by code: a few dozen rows, never worth paginating. */
@ApiTags('reference')
@ApiBearerAuth()
@Roles(...STAFF)
@Controller('reference')
export class ReferenceController {
  constructor(private readonly reference: ReferenceService) {}

  @Get('regimes')
  listRegimes(@Query() query: ReferenceQuery): Promise<RegimeDto[]> {
    return this.reference.listRegimes(query.active);
  }

  @ApiErrors(409)
  @Post('regimes')
  @Roles('admin')
  @HttpCode(201)
  createRegime(@CurrentUser() actor: AuthUser, @Body() dto: CreateRegimeDto): Promise<RegimeDto> {
    return this.reference.createRegime(actor.id, dto);
  }

  @ApiErrors(404, 409)
  @Patch('regimes/:code')
  @Roles('admin')
  updateRegime(
    @CurrentUser() actor: AuthUser,
    @Param('code') code: string,
    @Body() dto: UpdateRegimeDto,
  ): Promise<RegimeDto> {
    return this.reference.updateRegime(actor.id, code, dto);
  }

  @Get('categories')
  listCategories(@Query() query: ReferenceQuery): Promise<CategoryDto[]> {
    return this.reference.listCategories(query.active);
  }

  @ApiErrors(409, 422)
  @Post('categories')
  @Roles('admin')
  @HttpCode(201)
  createCategory(
    @CurrentUser() actor: AuthUser,
    @Body() dto: CreateCategoryDto,
  ): Promise<CategoryDto> {
    return this.reference.createCategory(actor.id, dto);
  }

  @ApiErrors(404, 409)
  @Patch('categories/:code')
  @Roles('admin')
  updateCategory(
    @CurrentUser() actor: AuthUser,
    @Param('code') code: string,
    @Body() dto: UpdateCategoryDto,
  ): Promise<CategoryDto> {
    return this.reference.updateCategory(actor.id, code, dto);
  }

  @Get('provisions')
  listProvisions(@Query() query: ProvisionQuery): Promise<ProvisionDto[]> {
    return this.reference.listProvisions(query);
  }

  @ApiErrors(409, 422)
  @Post('provisions')
  @Roles('admin')
  @HttpCode(201)
  createProvision(
    @CurrentUser() actor: AuthUser,
    @Body() dto: CreateProvisionDto,
  ): Promise<ProvisionDto> {
    return this.reference.createProvision(actor.id, dto);
  }

  @ApiErrors(404, 409)
  @Patch('provisions/:code')
  @Roles('admin')
  updateProvision(
    @CurrentUser() actor: AuthUser,
    @Param('code') code: string,
    @Body() dto: UpdateProvisionDto,
  ): Promise<ProvisionDto> {
    return this.reference.updateProvision(actor.id, code, dto);
  }
}
