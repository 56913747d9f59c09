// PokeAPI's species endpoint: GET {pokeapiUrl}/pokemon-species/{nameOrId}.
import * as z from 'zod/mini';
import { config } from '#shared/config/index';
import { NotFoundError, UpstreamError } from '#shared/http/errors';
import { lazySchema } from '#shared/http/route';
import { callUpstream, NoAnswerError, parseJson } from '#shared/pokemon/upstream';

const UPSTREAM = 'PokeAPI';

/** The part of a PokeAPI species answer that we use; everything else in it is ignored (built on the first cache miss). */
const speciesSchema = lazySchema(() =>
  z.object({
    id: z.number().check(z.int()),
    name: z.string().check(z.minLength(1)),
    flavor_text_entries: z.array(z.object({ flavor_text: z.string(), language: z.object({ name: z.string() }) })),
  }),
);
export type Species = z.output<ReturnType<typeof speciesSchema>>;

/** The species, or NotFoundError (404) when PokeAPI has none by that name or id, or UpstreamError (502). */
export async function fetchSpecies(nameOrId: string, requestId: string): Promise<Species> {
  const retryLater = `; retry later (request id ${requestId})`;
  let answer;
  try {
    answer = await callUpstream(UPSTREAM, `${config().pokemon.pokeapiUrl}/pokemon-species/${encodeURIComponent(nameOrId)}`, {
      method: 'GET',
      headers: { accept: 'application/json' },
    });
  } catch (error) {
    if (error instanceof NoAnswerError) throw new UpstreamError(`${error.message}${retryLater}`);
    throw error;
  }
  if (answer.status === 404) throw new NotFoundError(`No Pokemon species is called "${nameOrId}"`);
  if (answer.status !== 200) throw new UpstreamError(`${UPSTREAM} failed with status ${answer.status}${retryLater}`);
  const species = speciesSchema().safeParse(parseJson(answer.body));
  if (!species.success) throw new UpstreamError(`${UPSTREAM} answered with something that is not a Pokemon species${retryLater}`);
  return species.data;
}
