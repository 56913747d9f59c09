// GET /pokemon/{nameOrId} over real HTTP through sls offline, whose PokeAPI and FunTranslations are the
// stand-in that global setup started (test/stand-ins), driven and counted over its control routes.
import { expectContractError, request } from '../helpers/http';
import { pokemonStandInUrl } from '../stand-ins/index';
import { pokemonUpstreamsClient, TRANSLATION_PREFIX, uniqueSpecies, type Registration } from '../stand-ins/pokemon-upstreams';

const upstreams = pokemonUpstreamsClient(pokemonStandInUrl);
const CHARIZARD =
  'CHARIZARD flies around the sky in search of powerful opponents. It breathes fire of such great heat that it ' +
  'melts anything. However, it never turns its fiery breath on any opponent weaker than itself.';

async function registered(label: string, behaviour: Omit<Registration, 'species'> = {}) {
  const { species, expectedText } = uniqueSpecies(label);
  await upstreams.register({ species, ...behaviour });
  return { name: species.name, id: species.id, expectedText };
}

describe('GET /pokemon/{nameOrId}', () => {
  it('answers charizard, then answers it again by name and by id without an upstream call', async () => {
    const first = await request('/pokemon/charizard');
    expect(first.status).toBe(200);
    expect(first.text).toBe(JSON.stringify({ name: 'charizard', description: TRANSLATION_PREFIX + CHARIZARD }));
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(first.headers.get('x-translation-source')).toBe('upstream');
    const afterMiss = await upstreams.calls('charizard');
    expect(afterMiss).toEqual({ pokeapi: 1, translator: 1 });

    const [byName, byId] = [await request('/pokemon/Charizard'), await request('/pokemon/6')];
    expect(byName.body).toEqual(first.body);
    expect(byId.body).toEqual(first.body);
    expect(await upstreams.calls('charizard')).toEqual(afterMiss);
  });

  it('answers output_format=text with text/plain "name: description"', async () => {
    const { name, expectedText } = await registered('e2etext');
    const answer = await request(`/pokemon/${name}?output_format=text`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(answer.text).toBe(`${name}: ${TRANSLATION_PREFIX}${expectedText}`);
    expect(answer.headers.get('x-request-id')).toBeTruthy();
  });

  it('answers a numeric id with the species name', async () => {
    const { name, id } = await registered('e2eid');
    const answer = await request(`/pokemon/${id}`);
    expect(answer.status).toBe(200);
    expect(answer.body.name).toBe(name);
  });

  it.each([
    ['a path traversal', '..%2F..%2Fetc%2Fpasswd'],
    ['200 characters', 'a'.repeat(200)],
  ])('answers a name with %s with 400 before any upstream call', async (_case, path) => {
    const before = await upstreams.requests();
    const answer = await request(`/pokemon/${path}`);
    expectContractError(answer, 400);
    expect(answer.body.details[0].field).toBe('path.nameOrId');
    expect(await upstreams.requests()).toBe(before);
  });

  it('answers a bad output_format with 400', async () => {
    const answer = await request('/pokemon/charizard?output_format=yaml');
    expectContractError(answer, 400);
    expect(answer.body.error).toBe('output_format must be json or text');
  });

  // A space was a 400 before issue 16; the original API (and any user) expects 404 for a name that is no Pokemon.
  it.each([['not_a_pokemon', 'not-a-pokemon'], ['mr%20mime', 'mr-mime']])('looks %s up and answers 404', async (path, looked) => {
    const answer = await request(`/pokemon/${path}`);
    expectContractError(answer, 404);
    expect(answer.body.error).toBe(`No Pokemon species is called "${looked}"`);
  });

  it('finds a species written with a space and a dot, as people write names', async () => {
    const { name } = await registered('e2e-mr-mime');
    const answer = await request(`/pokemon/${encodeURIComponent(`E2E Mr. Mime ${name.slice('e2e-mr-mime-'.length)}`)}`);
    expect(answer.status).toBe(200);
    expect(answer.body.name).toBe(name);
  });

  it('answers an unknown species with 404', async () => {
    const answer = await request(`/pokemon/${uniqueSpecies('e2eunknown').species.name}`);
    expectContractError(answer, 404);
  });

  it('answers a failing PokeAPI with 502', async () => {
    const { name } = await registered('e2e500', { pokeapi: 'status-500' });
    const answer = await request(`/pokemon/${name}`);
    expectContractError(answer, 502);
    expect(answer.body.error).toMatch(/^PokeAPI failed/);
  });

  it('falls back to the built-in translator when the translator is rate limited', async () => {
    const { name } = await registered('e2e429', { translator: 'rate-limited' });
    const answer = await request(`/pokemon/${name}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-translation-source')).toBe('builtin');
    expect(answer.body.description).toMatch(/^Thou art near /);
  });

  it('answers a translation without contents.translated with 502', async () => {
    const { name } = await registered('e2enotranslation', { translator: 'no-translation' });
    expectContractError(await request(`/pokemon/${name}`), 502);
  });
});
