import { IsString, MaxLength } from 'class-validator';

export class DownloadTicketDto {
  /** Submit it as the `ticket` field of a form POST to the download route, within 60 s, once. */
  ticket: string;
  expiresAt: string;
}

/** The body of the form POST that exchanges a ticket for the file. */
export class RedeemTicketDto {
  @IsString()
  @MaxLength(100)
  ticket: string;
}
