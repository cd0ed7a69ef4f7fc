import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config';
import { dataSourceOptions } from './data-source';

// For the TypeORM CLI only (migration:generate / migration:run); the service never imports it.
export default new DataSource(dataSourceOptions(loadConfig().databaseUrl));
