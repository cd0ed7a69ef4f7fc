import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { PublicController } from './public.controller';

@Module({ imports: [IncidentsModule], controllers: [PublicController] })
export class PublicModule {}
