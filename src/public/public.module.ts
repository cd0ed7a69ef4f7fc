import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { PublicController } from './public.controller';
import { PublicPreviewController } from './public-preview.controller';

@Module({ imports: [IncidentsModule], controllers: [PublicController, PublicPreviewController] })
export class PublicModule {}
