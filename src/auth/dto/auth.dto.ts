import { IsString, MaxLength, MinLength } from 'class-validator';
import { Role } from '../../common/roles';
import { MIN_PASSWORD_LENGTH } from '../../users/password';

export class LoginDto {
  @IsString()
  @MaxLength(320)
  email: string;

  @IsString()
  @MaxLength(1024)
  password: string;
}

export class RefreshDto {
  @IsString()
  @MaxLength(200)
  refreshToken: string;
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
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: MeDto;
}
