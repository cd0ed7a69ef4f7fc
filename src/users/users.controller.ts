import { Body, Controller, Get, HttpCode, Patch, Post, Query, Req } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { ApiErrors } from '../common/api-errors';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../common/auth-user';
import { InjectConfig } from '../common/core.module';
import { CurrentUser, Roles, UuidParam } from '../common/decorators';
import { PageQuery } from '../common/pagination';
import { requestOrigin } from '../common/request-origin';
import { STAFF } from '../common/roles';
import { AppConfig } from '../config/config';
import { PasswordLinkDto } from './dto/password-link.dto';
import { PasswordResets } from './password-resets.service';
import { CreateUserDto, DirectoryDto, UpdateUserDto, UserDto, UserPageDto } from './dto/user.dto';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly accounts: UsersRepository,
    private readonly resets: PasswordResets,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @ApiErrors(409)
  @Post()
  @HttpCode(201)
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(actor.id, dto);
  }

  @Get()
  list(@Query() page: PageQuery): Promise<UserPageDto> {
    return this.users.list(page.limit ?? 25, page.cursor);
  }

  /**
   * Every user's id, name, roles and standing, for any staff user (spec 4), so clients can
   * show names for createdBy, assigneeId, history and comments. No e-mail addresses.
   */
  @Roles(...STAFF)
  @Get('directory')
  async directory(): Promise<DirectoryDto> {
    const users = await this.accounts.directory();
    return {
      items: users.map(({ id, displayName, roles, active }) => ({
        id,
        displayName,
        roles,
        active,
      })),
    };
  }

  @Get(':id')
  get(@UuidParam() id: string): Promise<UserDto> {
    return this.users.get(id);
  }

  @ApiErrors(409, 422)
  @Patch(':id')
  update(
    @CurrentUser() actor: AuthUser,
    @UuidParam() id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserDto> {
    return this.users.update(actor, id, dto);
  }

  /**
   * A single-use set-password link for the user, valid 24 h, shown once (and mailed to them
   * when SMTP_URL is set). Their sessions end and their password stops working at once; the
   * admin never learns or sets the new one. 409 for a deactivated user.
   */
  @ApiErrors(404, 409)
  @Post(':id/password-reset')
  @HttpCode(201)
  issuePasswordReset(
    @CurrentUser() actor: AuthUser,
    @UuidParam() id: string,
    @Req() request: FastifyRequest,
  ): Promise<PasswordLinkDto> {
    return this.resets.issueLink(actor.id, id, requestOrigin(request, this.config.publicOrigin));
  }
}
