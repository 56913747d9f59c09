import { toJson } from '#shared/http/json';

describe('toJson', () => {
  it('writes a bigint as a JSON integer literal with every digit', () => {
    expect(toJson({ n: 2n ** 100n })).toBe('{"n":1267650600228229401496703205376}');
  });

  it('writes negative bigints and bigints inside arrays', () => {
    expect(toJson([-5n, 1n])).toBe('[-5,1]');
  });

  it('leaves strings that look like numbers alone', () => {
    expect(toJson({ s: '120', n: 120 })).toBe('{"s":"120","n":120}');
  });
});
