// GET /api/v1/factorial over real HTTP through sls offline, as docs/API.md specifies it.
import { factorial } from '#shared/factorial/factorial';
import { expectContractError, request } from '../helpers/http';
import { testSettings } from '../stage';

const maxNumber: number = testSettings.stageConfig.factorial.maxNumber;
const get = (query: string) => request(`/api/v1/factorial${query}`);

describe('GET /api/v1/factorial', () => {
  it('answers 5 with exactly {"number":5,"factorial":120}', async () => {
    const answer = await get('?number=5');
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('{"number":5,"factorial":120}');
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it.each([0, 1, 20, 21, 170])('answers %i with every digit of the factorial as a JSON integer', async (n) => {
    const answer = await get(`?number=${n}`);
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(`{"number":${n},"factorial":${factorial(n).toString()}}`);
  });

  it('answers the largest allowed number with all its digits', async () => {
    const answer = await get(`?number=${maxNumber}`);
    expect(answer.status).toBe(200);
    const match = /^\{"number":(\d+),"factorial":(\d+)\}$/.exec(answer.text);
    expect(match?.[1]).toBe(String(maxNumber));
    expect(match?.[2]).toBe(factorial(maxNumber).toString());
    if (maxNumber === 100000) expect(match?.[2]).toHaveLength(456574);
  });

  it('answers a missing number with the original API message', async () => {
    const answer = await get('');
    expectContractError(answer, 400);
    expect(answer.body.error).toBe('Please supply number parameter');
  });

  it.each([
    ['above the maximum', String(maxNumber + 1)],
    ['negative', '-1'],
    ['decimal', '1.5'],
    ['exponent', '1e3'],
    ['plus sign', '%2B5'],
    ['leading space', '%205'],
    ['trailing space', '5%20'],
    ['hex', '0x10'],
    ['empty', ''],
    ['letters', 'abc'],
    ['huge', '9'.repeat(400)],
    ['repeated parameter', '5&number=6'],
  ])('answers %s with 400 naming the allowed range', async (_case, value) => {
    const answer = await get(`?number=${value}`);
    expectContractError(answer, 400);
    expect(answer.body.error).toBe(`number must be a whole number from 0 to ${maxNumber}, written with digits only`);
  });

  it.each([
    ['an underscore', '1_0'],
    ['an Arabic-Indic digit', encodeURIComponent('٥')],
  ])('answers a number with %s with one detail, not the same one twice', async (_case, value) => {
    const answer = await get(`?number=${value}`);
    expectContractError(answer, 400);
    const message = `number must be a whole number from 0 to ${maxNumber}, written with digits only`;
    expect(answer.body).toEqual({ error: message, details: [{ field: 'query.number', message }] });
  });

  it('answers a wrong method with a JSON error, not a 500', async () => {
    const answer = await request('/api/v1/factorial?number=5', { method: 'POST' });
    expectContractError(answer, 404);
  });
});
