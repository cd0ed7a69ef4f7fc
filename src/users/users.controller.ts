import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiErrors } from '../common/api-errors';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../common/auth-user';
import { CurrentUser, Roles, UuidParam } from '../common/decorators';
import { PageQuery } from '../common/pagination';
import { STAFF } from '../common/roles';
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
}
