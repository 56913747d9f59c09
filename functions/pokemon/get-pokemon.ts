// GET /pokemon/{nameOrId}?output_format=json|text -> a species' description in Shakespearean English
import { httpHandler } from '#shared/http/handler';
import { shakespeareanPokemon } from '#shared/pokemon/pokemon';
import { getPokemon } from '#shared/pokemon/routes';

export const handler = httpHandler(getPokemon, async ({ params, query, requestId }) => {
  const { name, description, source } = await shakespeareanPokemon(params.nameOrId, requestId);
  const headers = { 'X-Translation-Source': source };
  if (query.output_format === 'text') {
    return { status: 200, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }, body: `${name}: ${description}` };
  }
  return { status: 200, headers, body: { name, description } };
});
