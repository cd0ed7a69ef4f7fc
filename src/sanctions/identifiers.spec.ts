import { companyNumbersIn, imoDigits, isCompanyImo, isShipImo } from './identifiers';

describe('IMO numbers', () => {
  it("checks a ship's number: weights 7 to 2, the sum's last digit", () => {
    expect(isShipImo('9074729')).toBe(true);
    expect(isShipImo('9074728')).toBe(false);
    expect(isShipImo('907472')).toBe(false);
  });

  it("checks a company's number: weights 8,6,4,2,9,7, then (11 - sum mod 11) mod 10", () => {
    // The DPRK entities' numbers in the 2024 edition (KPe.022, KPe.066) all pass.
    for (const number of ['5342883', '5434358', '1790183', '5988369']) {
      expect(isCompanyImo(number)).toBe(true);
    }
    expect(isCompanyImo('5342884')).toBe(false);
    // A ship's number is not a company's.
    expect(isCompanyImo('9074729')).toBe(false);
  });

  it('reads the digits out of "IMO 1234567" and alone', () => {
    expect(imoDigits('IMO 9074729')).toBe('9074729');
    expect(imoDigits(' imo: 9074729 ')).toBe('9074729');
    expect(imoDigits('9074729')).toBe('9074729');
    expect(imoDigits('IMO 90747290')).toBeNull();
    expect(imoDigits('')).toBeNull();
  });

  it("takes the company numbers from an entity's comments, not other seven-digit numbers", () => {
    expect(companyNumbersIn('IMO Number: 5342883. The Chongchongang Shipping Company')).toEqual([
      '5342883',
    ]);
    expect(companyNumbersIn('through a transfer. Company Number IMO 5434358.')).toEqual([
      '5434358',
    ]);
    // A wrong check digit, and a number that is not given as an IMO number.
    expect(companyNumbersIn('IMO number: 5342884. Phone 5342883.')).toEqual([]);
  });
});
