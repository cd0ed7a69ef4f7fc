import { DomainError } from './errors';
import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateIf } from 'class-validator';

/**
 * Optional, but not nullable: `@IsOptional()` also lets `null` through, which then reaches
 * code that expects an array or a string. With this, `null` meets the field's validators.
 */
export const IsOmittable = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);

export interface FieldError {
  field: string;
  errors: string[];
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, errors: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new BadRequestException({ message: 'Validation failed', details: flatten(errors) }),
  });
}

/**
 * `@IsOptional()` lets null through; for fields that may be omitted but never cleared, null is
 * a 400 here rather than a NOT NULL violation in the database.
 */
export function assertNotNull<T extends object>(
  dto: T,
  fields: readonly (keyof T & string)[],
): void {
  const nulls = fields.filter((field) => dto[field] === null);
  if (nulls.length > 0) {
    throw new DomainError(
      'bad_request',
      'Validation failed',
      nulls.map((field) => ({ field, errors: [`${field} must not be null`] })),
    );
  }
}
