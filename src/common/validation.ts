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

/** Constraints that check a value's type: when one fails, the others only repeat it. */
const TYPE_CHECKS = new Set(['isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isObject']);

/**
 * One clear message where class-validator gives a cascade: a field left out is "required"
 * (whatever its other constraints would say of undefined), and a value of the wrong type gets
 * only the type check's message. A field that may be left out never fails while undefined, so
 * undefined here means a required field.
 */
function messagesOf(error: ValidationError, constraints: Record<string, string>): string[] {
  if (error.value === undefined && !('whitelistValidation' in constraints)) {
    return [`${error.property} is required`];
  }
  const types = Object.entries(constraints).filter(([name]) => TYPE_CHECKS.has(name));
  return (types.length > 0 ? types : Object.entries(constraints)).map(([, message]) => message);
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, errors: messagesOf(error, error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // The value tells a missing field from a wrong one; it never reaches the error body.
    validationError: { target: false, value: true },
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
