import 'reflect-metadata';
import { exitOnStartFailure, start } from './start';

start().catch(exitOnStartFailure);
