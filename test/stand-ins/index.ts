// Stand-ins for the internet upstreams our functions call, started once per test run by global setup,
// before sls offline, on fixed loopback ports derived from the stage's offline port (so that two
// checkouts' runs never collide); sls offline gets their URLs through its environment.
import { testSettings } from '../stage';
import { startPokemonUpstreams } from './pokemon-upstreams';

/** The pokemon upstreams' stand-in (PokeAPI and FunTranslations) listens here during a test run. */
export const pokemonStandInUrl = `http://127.0.0.1:${testSettings.offline.httpPort + 5}`;

export interface RunningStandIns {
  /** Environment variables that point the functions at the stand-ins. */
  environment: Record<string, string>;
  close(): Promise<void>;
}

export async function startStandIns(): Promise<RunningStandIns> {
  const pokemon = await startPokemonUpstreams(Number(new URL(pokemonStandInUrl).port));
  return { environment: { ...pokemon.environment }, close: () => pokemon.close() };
}
