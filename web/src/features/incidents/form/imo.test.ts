import { describe, expect, it } from 'vitest';
import { imoProblem, isImoNumber } from './imo';
import { emptyActor, emptyForm, incidentFormSchema, parseMessage } from './form-model';

describe('the IMO check digit', () => {
  it('accepts a number whose weighted sum of the first six digits, mod 10, is the seventh', () => {
    // 9×7 + 0×6 + 7×5 + 4×4 + 7×3 + 2×2 = 139 → 9
    expect(imoProblem('9074729')).toBeNull();
    expect(isImoNumber('9176187')).toBe(true);
  });

  it('names the digit the first six call for when the last one differs', () => {
    expect(imoProblem('9074728')).toEqual({ kind: 'checkDigit', expected: 9, actual: 8 });
  });

  it('asks for exactly seven digits', () => {
    expect(imoProblem('907472')).toEqual({ kind: 'digits' });
    expect(imoProblem('90747290')).toEqual({ kind: 'digits' });
    expect(imoProblem('IMO9074')).toEqual({ kind: 'digits' });
  });

  it('is checked by the form on a vessel, and refused on anything else', () => {
    const form = {
      ...emptyForm(),
      title: 'A ship',
      regime: 'UN-1718',
      category: 'shipping',
      occurredFrom: '2024-05-01',
    };
    const actor = { ...emptyActor(), name: 'Chon Ma San' };
    const vessel = incidentFormSchema.safeParse({
      ...form,
      actors: [{ ...actor, type: 'vessel', imoNumber: '9074728' }],
    });
    expect(vessel.success).toBe(false);
    const issue = vessel.error!.issues[0];
    expect(issue.path).toEqual(['actors', 0, 'imoNumber']);
    expect(parseMessage(issue.message)).toEqual({
      key: 'imoCheck',
      values: { expected: 9, actual: 8 },
    });
    const company = incidentFormSchema.safeParse({
      ...form,
      actors: [{ ...actor, type: 'company', imoNumber: '9074729' }],
    });
    expect(company.error!.issues.map((item) => item.message)).toEqual(['imoNotVessel']);
    const fine = incidentFormSchema.safeParse({
      ...form,
      actors: [{ ...actor, type: 'vessel', imoNumber: '9074729' }],
    });
    expect(fine.success).toBe(true);
  });
});
