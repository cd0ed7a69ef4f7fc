import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/decorators';
import { STAFF } from '../common/roles';
import { mapWorkflow, WorkflowDto } from './dto/workflow.dto';

@ApiTags('workflow')
@ApiBearerAuth()
@Roles(...STAFF)
@Controller('workflow')
export class WorkflowController {
  /** The transition table of spec section 7, the same one the services apply. */
  @Get()
  get(): WorkflowDto {
    return mapWorkflow();
  }
}
