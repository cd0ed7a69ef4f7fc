import { describe, expect, it } from 'vitest';
import { fieldErrors } from './reference-rules';

describe('fieldErrors', () => {
  it('joins the messages of each field the server refused', () => {
    expect(
      fieldErrors([
        { field: 'code', errors: ['code must match /^[a-z]/', 'code is too long'] },
        { field: 'name', errors: ['name should not be empty'] },
      ]),
    ).toEqual({
      code: 'code must match /^[a-z]/ code is too long',
      name: 'name should not be empty',
    });
  });

  it('gives nothing for details that are not a list of fields', () => {
    expect(fieldErrors(undefined)).toEqual({});
    expect(fieldErrors({ code: 'x' })).toEqual({});
    expect(fieldErrors([null, 'code', { errors: ['no field'] }])).toEqual({});
  });
});
