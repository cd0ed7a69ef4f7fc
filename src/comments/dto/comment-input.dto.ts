import {
  ArrayMaxSize,
  IsArray,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsOmittable } from '../../common/validation';
import { COMMENT_MAX_LENGTH, MAX_MENTIONS } from '../comment.entity';

export class CreateCommentDto {
  /** Plain text; not a place for confidential source details (read by every staff user). */
  @IsString()
  @MinLength(1)
  @MaxLength(COMMENT_MAX_LENGTH)
  @Matches(/\S/, { message: 'body must not be blank' })
  body: string;

  /** Active staff users to tell of the comment; repeated ids count once. */
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_MENTIONS)
  @IsUUID('all', { each: true, message: 'each value in mentions must be a UUID' })
  mentions?: string[];
}
