import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../common/auth-user';
import { CurrentUser, Roles, UuidParam } from '../common/decorators';
import { Page, PageQuery } from '../common/pagination';
import { CreateUserDto, UpdateUserDto, UserDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @HttpCode(201)
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(actor.id, dto);
  }

  @Get()
  list(@Query() page: PageQuery): Promise<Page<UserDto>> {
    return this.users.list(page.limit ?? 25, page.cursor);
  }

  @Get(':id')
  get(@UuidParam() id: string): Promise<UserDto> {
    return this.users.get(id);
  }

  @Patch(':id')
  update(
    @CurrentUser() actor: AuthUser,
    @UuidParam() id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserDto> {
    return this.users.update(actor, id, dto);
  }
}
