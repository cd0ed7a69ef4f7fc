import { BadRequestException } from '@nestjs/common';
import { IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { createValidationPipe } from './validation';

class Body {
  @IsString()
  @MinLength(3)
  @MaxLength(10)
  name: string;

  @IsInt()
  @Min(1)
  version: number;

  @IsOptional()
  @IsString()
  @MaxLength(5)
  note?: string;
}

async function detailsOf(body: unknown): Promise<unknown> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: Body });
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return ((error as BadRequestException).getResponse() as { details: unknown }).details;
  }
  throw new Error('validation passed');
}

describe('the validation pipe', () => {
  it('says a missing field is required, and nothing else about it', async () => {
    expect(await detailsOf({})).toEqual([
      { field: 'name', errors: ['name is required'] },
      { field: 'version', errors: ['version is required'] },
    ]);
  });

  it('reports a value of the wrong type by its type alone', async () => {
    expect(await detailsOf({ name: 7, version: 'one' })).toEqual([
      { field: 'name', errors: ['name must be a string'] },
      { field: 'version', errors: ['version must be an integer number'] },
    ]);
  });

  it('keeps every message of a value of the right type, and never quotes the value', async () => {
    const details = await detailsOf({ name: 'xy', version: 0, note: 'secret-value' });
    expect(details).toEqual([
      { field: 'name', errors: ['name must be longer than or equal to 3 characters'] },
      { field: 'version', errors: ['version must not be less than 1'] },
      { field: 'note', errors: ['note must be shorter than or equal to 5 characters'] },
    ]);
    expect(JSON.stringify(details)).not.toContain('secret-value');
  });

  it('names an unknown field as such, even one sent as null', async () => {
    expect(await detailsOf({ name: 'abc', version: 1, extra: null })).toEqual([
      { field: 'extra', errors: ['property extra should not exist'] },
    ]);
  });
});
