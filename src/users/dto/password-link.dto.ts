import { ApiProperty } from '@nestjs/swagger';

/** A set-password link, shown once to the admin who asked for it. */
export class PasswordLinkDto {
  @ApiProperty({
    description:
      "The web application's set-password page with the single-use token in the fragment (`#token=`), so it never reaches a server log or a Referer.",
  })
  link: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;
}
