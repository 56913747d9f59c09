// The pokemon service's routes: one defineRoute per endpoint (see shared/http/route.ts).
import * as z from 'zod/mini';
import { defineRoute, lazySchema } from '#shared/http/route';
import { nameOrId, outputFormat, pokemonDescription } from '#shared/pokemon/schemas';

export const getPokemon = defineRoute({
  service: 'pokemon',
  operationId: 'getPokemon',
  method: 'GET',
  path: '/pokemon/{nameOrId}',
  data: [{ table: 'pokemonCache', actions: ['GetItem', 'PutItem'] }], // the cache; the upstreams are public HTTP APIs
  summary: "A Pokemon species' description in Shakespearean English",
  description:
    "Looks the species up in PokeAPI, takes its longest English Pokedex entry and translates it with FunTranslations' " +
    'Shakespeare translator. Answers are cached (a cached species costs no upstream call). When the translator is ' +
    'rate limited, the built-in rule-based translator answers instead (unless the stage turns that off: then 503); ' +
    'the header `X-Translation-Source` says which one translated (`upstream` or `builtin`). ' +
    'With `output_format=text` the answer is `text/plain; charset=utf-8`: `charizard: <description>`.',
  params: lazySchema(() => z.object({ nameOrId: nameOrId() })),
  query: lazySchema(() => z.object({ output_format: outputFormat() })),
  responses: {
    200: { description: 'The species and its Shakespearean description (JSON, or text/plain with output_format=text)', schema: pokemonDescription },
  },
  errors: {
    400: 'A name with characters a species name cannot have, or an output_format other than json or text',
    404: 'No such species, or a species without any English Pokedex entry',
    502: 'PokeAPI or the translator failed or answered something unusable; retry later',
    503: 'The translator is rate limited and the built-in fallback is turned off; retry after Retry-After seconds',
  },
  exampleRequests: {
    400: { params: { nameOrId: 'charizard' }, query: { output_format: 'xml' } },
    404: { params: { nameOrId: 'missingno' } },
    502: { notOverHttp: 'needs a failing upstream: test/integration/pokemon and test/e2e/pokemon.e2e.test.ts provoke every 502 with the stand-in upstreams' },
  },
});
