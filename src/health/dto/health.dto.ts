import { ApiProperty } from '@nestjs/swagger';

export type Check = 'up' | 'down';

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';
  /**
   * Whether the service runs with NODE_ENV=production, so a tool that creates demo accounts
   * (`npm run demo`) can refuse to run against a real deployment.
   */
  @ApiProperty({ enum: ['production', 'development'] })
  environment: 'production' | 'development';
}

export class ReadinessChecksDto {
  @ApiProperty({ enum: ['up', 'down'] })
  database: Check;
  @ApiProperty({ enum: ['up', 'down'] })
  redis: Check;
  @ApiProperty({ enum: ['up', 'down'] })
  storage: Check;
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';
  checks: ReadinessChecksDto;
}
