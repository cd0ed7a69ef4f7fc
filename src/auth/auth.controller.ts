import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { AuthUser } from '../common/auth-user';
import { CurrentUser, Public, Roles } from '../common/decorators';
import { STAFF } from '../common/roles';
import { AuthService } from './auth.service';
import { ChangePasswordDto, LoginDto, MeDto, RefreshDto, TokensDto } from './dto/auth.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest): Promise<TokensDto> {
    return this.auth.login(dto.email, dto.password, request.ip);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  refresh(@Body() dto: RefreshDto): Promise<TokensDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @ApiBearerAuth()
  @Roles(...STAFF)
  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentUser() caller: AuthUser, @Body() dto: RefreshDto): Promise<void> {
    await this.auth.logout(caller, dto.refreshToken);
  }

  @ApiBearerAuth()
  @Roles(...STAFF)
  @Get('me')
  me(@CurrentUser() caller: AuthUser): Promise<MeDto> {
    return this.auth.me(caller);
  }

  @ApiBearerAuth()
  @Roles(...STAFF)
  @Post('password')
  @HttpCode(200)
  changePassword(
    @CurrentUser() caller: AuthUser,
    @Body() dto: ChangePasswordDto,
    @Req() request: FastifyRequest,
  ): Promise<TokensDto> {
    return this.auth.changePassword(caller, dto.currentPassword, dto.newPassword, request.ip);
  }
}
