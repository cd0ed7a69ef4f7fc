import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Role } from '../../common/roles';
import { MIN_PASSWORD_LENGTH } from '../../users/password';

export class LoginDto {
  @IsString()
  @MaxLength(320)
  email: string;

  @IsString()
  @MaxLength(1024)
  password: string;

  /** Browser clients: keep the refresh cookie for 14 days instead of the browser session. */
  @IsOptional()
  @IsBoolean()
  remember?: boolean;
}

export class RefreshDto {
  /** Left out by browser clients, whose token is in the `__Host-st_rt` cookie. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;
}

export class ChangePasswordDto {
  @IsString()
  @MaxLength(1024)
  currentPassword: string;

  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(1024)
  newPassword: string;
}

export class MeDto {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  active: boolean;
}

export class TokensDto {
  accessToken: string;
  @ApiPropertyOptional({
    description:
      'Left out for browser clients (X-Requested-With: sanctions-tracker-web): they get it in the __Host-st_rt cookie.',
  })
  refreshToken?: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: MeDto;
}

export class ForgotPasswordDto {
  @IsString()
  @MaxLength(320)
  email: string;
}

/** The same answer whether or not the address is an account's. */
export class ForgotPasswordAcceptedDto {
  message: string;
}

export class ResetPasswordDto {
  /** The token of a set-password link (the fragment after `#token=`). */
  @IsString()
  @MaxLength(200)
  token: string;

  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(1024)
  newPassword: string;
}
