import { factorial } from '#shared/factorial/factorial';

/** The obviously correct, slow definition, to check the product tree against. */
function factorialByLoop(n: number): bigint {
  let product = 1n;
  for (let factor = 2n; factor <= BigInt(n); factor++) product *= factor;
  return product;
}

describe('factorial', () => {
  it.each([
    [0, 1n],
    [1, 1n],
    [5, 120n],
    [20, 2432902008176640000n],
    [21, 51090942171709440000n],
  ])('%i! is %s', (n, expected) => {
    expect(factorial(n)).toBe(expected);
  });

  it('agrees with one-by-one multiplication for every n up to 600', () => {
    for (let n = 0; n <= 600; n++) expect(factorial(n)).toBe(factorialByLoop(n));
  });

  it('gives 170! with all 307 digits', () => {
    const digits = factorial(170).toString();
    expect(digits).toHaveLength(307);
    expect(digits.startsWith('7257415615307998967396728211129263114716991681296451376543577798900561843401706157852350749242617459511490991237838520776666022565442753025328900773207510902400430280058295603966612599658257104398558294257568966313439612262571094946806711205568880457193340212661452800000000000000000000000000000000000000000')).toBe(true);
  });

  it('gives 100000! with 456574 digits and the known leading digits', () => {
    const digits = factorial(100000).toString();
    expect(digits).toHaveLength(456574);
    expect(digits.startsWith('28242294079603478742934215780245355184774949260912')).toBe(true);
    expect(digits.endsWith('0'.repeat(24999))).toBe(true); // 100000! has 24999 trailing zeros
  });

  it.each([-1, 1.5, Number.NaN])('refuses %s', (n) => {
    expect(() => factorial(n)).toThrow(RangeError);
  });
});
