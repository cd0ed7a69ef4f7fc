import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors';
import { AuthUser } from '../common/auth-user';
import { CurrentUser, Roles, UuidParam } from '../common/decorators';
import { PageQuery } from '../common/pagination';
import { STAFF } from '../common/roles';
import { CommentsService } from './comments.service';
import { CreateCommentDto } from './dto/comment-input.dto';
import { CommentDto, CommentPageDto } from './dto/comment.dto';

/** The case discussion: every staff user reads and writes it; it is never public or exported. */
@ApiTags('comments')
@ApiBearerAuth()
@Roles(...STAFF)
@Controller()
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Get('incidents/:id/comments')
  @ApiOperation({
    summary: "An incident's discussion",
    description:
      'The discussion of an incident, oldest first; a deleted comment stays in place as a ' +
      'tombstone (`body` null, `deletedAt` set).',
  })
  list(@UuidParam() id: string, @Query() query: PageQuery): Promise<CommentPageDto> {
    return this.comments.list(id, query);
  }

  @Post('incidents/:id/comments')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Comment on an incident',
    description:
      'Comments are read by every staff user: never put confidential source details here; ' +
      "use the source's notes, which are encrypted. Each mentioned user (an active user; at " +
      'most 20, repeats counted once) is notified in-app and by e-mail of the comment, without ' +
      'its text; mentioning oneself notifies nobody.',
  })
  create(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: CreateCommentDto,
  ): Promise<CommentDto> {
    return this.comments.create(user, id, dto);
  }

  @Delete('comments/:id')
  @ApiErrors(403, 409)
  @ApiOperation({
    summary: "Delete one's own comment",
    description:
      'By its author only (403 for anyone else). Leaves a tombstone: the text and mentions are ' +
      'removed, the comment keeps its place with `deletedAt` set. A deleted comment is 409.',
  })
  remove(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<CommentDto> {
    return this.comments.remove(user, id);
  }
}
