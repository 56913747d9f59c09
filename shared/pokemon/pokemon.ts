// A species' description in Shakespearean English: from the cache, or from PokeAPI + FunTranslations.
import { config } from '#shared/config/index';
import { NotFoundError, UnavailableError } from '#shared/http/errors';
import { log } from '#shared/http/log';
import { countMetric } from '#shared/observability/metrics';
import { englishDescription } from '#shared/pokemon/description';
import { RateLimitedError, translateUpstream } from '#shared/pokemon/funtranslations';
import { fetchSpecies } from '#shared/pokemon/pokeapi';
import type { PokemonDescription, TranslationSource } from '#shared/pokemon/schemas';
import { translateToShakespeare } from '#shared/pokemon/shakespeare';
import { findCached, saveCached } from '#shared/pokemon/store';

export interface ShakespeareanPokemon extends PokemonDescription {
  source: TranslationSource;
}

/**
 * `nameOrId` is a validated, lowercased species name or a numeric id (see schemas.ts). Throws
 * NotFoundError (404), UpstreamError (502) or UnavailableError (503, translator rate limited with the
 * fallback turned off); nothing is cached unless both upstreams answered well.
 */
export async function shakespeareanPokemon(nameOrId: string, requestId: string): Promise<ShakespeareanPokemon> {
  const cached = await findCached(nameOrId);
  countMetric(cached ? 'PokemonCacheHit' : 'PokemonCacheMiss');
  if (cached) return { ...cached, source: 'upstream' };

  const species = await fetchSpecies(nameOrId, requestId);
  const text = englishDescription(species.flavor_text_entries);
  if (text === undefined) throw new NotFoundError(`The Pokemon species "${species.name}" has no English description`);

  let description: string;
  try {
    description = await translateUpstream(text, requestId);
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    if (!config().pokemon.translatorFallback) throw new UnavailableError(error.message, error.retryAfterSeconds);
    // Our own translation is an answer for now, not one to keep: the next request tries upstream again.
    countMetric('PokemonTranslatorFallback');
    return { name: species.name, description: translateToShakespeare(text), source: 'builtin' };
  }

  const answer = { name: species.name, description };
  try {
    await saveCached(species.id, answer);
  } catch (error) {
    // The translation is spent (the translator allows a few an hour): answer it even if the cache is down.
    log('warn', 'pokemon cache write failed', { requestId, error: (error as Error).message });
  }
  return { ...answer, source: 'upstream' };
}
