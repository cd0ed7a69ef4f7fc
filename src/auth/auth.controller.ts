import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiErrors } from '../common/api-errors';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUser } from '../common/auth-user';
import { InjectConfig } from '../common/core.module';
import { CurrentUser, Public, Roles } from '../common/decorators';
import { unauthorized } from '../common/errors';
import { STAFF } from '../common/roles';
import { AppConfig } from '../config/config';
import { AuthService, SessionTokens } from './auth.service';
import {
  clearRefreshCookie,
  endBrowserSession,
  isBrowserClient,
  refreshCookieOf,
  setRefreshCookie,
} from './browser-session';
import {
  ChangePasswordDto,
  ForgotPasswordAcceptedDto,
  ForgotPasswordDto,
  LoginDto,
  MeDto,
  RefreshDto,
  ResetPasswordDto,
  TokensDto,
} from './dto/auth.dto';

const NO_REFRESH_TOKEN = 'Refresh token is invalid, expired or revoked';

const FORGOT_ANSWER =
  'If this address belongs to an active account, a link to choose a new password is on its way';

/**
 * Two kinds of client (spec 4): scripts get the refresh token in the body; the web application
 * (X-Requested-With: sanctions-tracker-web) gets it in an HttpOnly cookie no script can read.
 * Before any of these run, checkCookieRoutes (browser-session.ts) has refused a request with
 * the header or the cookie that is not the web application's own.
 */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Public()
  @ApiErrors(401, 403)
  @Post('login')
  @HttpCode(200)
  async login(
    @Body() dto: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokensDto> {
    const browser = isBrowserClient(request);
    const tokens = await this.auth.login(dto.email, dto.password, request.ip, dto.remember);
    return this.answer(tokens, browser, reply);
  }

  @Public()
  @ApiErrors(401, 403)
  @Post('refresh')
  @HttpCode(200)
  async refresh(
    @Body() dto: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokensDto> {
    const cookie = isBrowserClient(request);
    const presented = dto.refreshToken ?? refreshCookieOf(request);
    if (presented === undefined) throw unauthorized(NO_REFRESH_TOKEN);
    try {
      return this.answer(await this.auth.refresh(presented), cookie, reply);
    } catch (error) {
      // A dead cookie is of no use to the browser: it goes with the refusal.
      if (cookie) clearRefreshCookie(reply);
      throw error;
    }
  }

  @ApiBearerAuth()
  @Roles(...STAFF)
  @ApiErrors(403)
  @Post('logout')
  @HttpCode(204)
  async logout(
    @CurrentUser() caller: AuthUser,
    @Body() dto: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    if (isBrowserClient(request)) endBrowserSession(reply);
    const presented = dto.refreshToken ?? refreshCookieOf(request);
    if (presented === undefined) throw unauthorized(NO_REFRESH_TOKEN);
    await this.auth.logout(caller, presented);
  }

  @ApiBearerAuth()
  @Roles(...STAFF)
  @Get('me')
  me(@CurrentUser() caller: AuthUser): Promise<MeDto> {
    return this.auth.me(caller);
  }

  @ApiBearerAuth()
  @Roles(...STAFF)
  @ApiErrors(403, 422)
  @Post('password')
  @HttpCode(200)
  async changePassword(
    @CurrentUser() caller: AuthUser,
    @Body() dto: ChangePasswordDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokensDto> {
    const browser = isBrowserClient(request);
    const tokens = await this.auth.changePassword(
      caller,
      dto.currentPassword,
      dto.newPassword,
      request.ip,
    );
    return this.answer(tokens, browser, reply);
  }

  /**
   * The same 202 and body for every address, answered before anything about the address is
   * looked up: the reset mail, when there is one, is prepared and sent afterwards.
   */
  @Public()
  @ApiErrors(429)
  @Post('password/forgot')
  @HttpCode(202)
  async forgotPassword(
    @Body() dto: ForgotPasswordDto,
    @Req() request: FastifyRequest,
  ): Promise<ForgotPasswordAcceptedDto> {
    await this.auth.forgotPassword(dto.email, request.ip);
    return { message: FORGOT_ANSWER };
  }

  /** Sets the password of a set-password link's user and ends all their sessions. */
  @Public()
  @ApiErrors(400, 429)
  @Post('password/reset')
  @HttpCode(204)
  async resetPassword(
    @Body() dto: ResetPasswordDto,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.auth.resetPassword(dto.token, dto.newPassword, request.ip);
  }

  /** Body mode hands the refresh token over; cookie mode sets it where no script can read it. */
  private answer(tokens: SessionTokens, cookie: boolean, reply: FastifyReply): TokensDto {
    const { refreshToken, remember, ...rest } = tokens;
    if (!cookie) return { ...rest, refreshToken };
    setRefreshCookie(
      reply,
      refreshToken,
      remember ? this.config.refreshTokenTtlSeconds : undefined,
    );
    return rest;
  }
}
