/**
 * IMO ship numbers carry a check digit: the first six digits weighted 7..2, summed, mod 10,
 * give the seventh. The API refuses a wrong one; the form says so while it is typed.
 */
export type ImoProblem =
  { kind: 'digits' } | { kind: 'checkDigit'; expected: number; actual: number };

export function imoProblem(value: string): ImoProblem | null {
  if (!/^\d{7}$/.test(value)) return { kind: 'digits' };
  const digits = [...value].map(Number);
  const expected = digits.slice(0, 6).reduce((sum, digit, i) => sum + digit * (7 - i), 0) % 10;
  return expected === digits[6] ? null : { kind: 'checkDigit', expected, actual: digits[6] };
}

export const isImoNumber = (value: string): boolean => imoProblem(value) === null;
