// A stand-in for the pokemon service's internet upstreams, as one real HTTP server on 127.0.0.1:
//   GET  /api/v2/pokemon-species/{nameOrId}     PokeAPI (POKEAPI_URL = <url>/api/v2)
//   POST /translate/shakespeare.json (text=...) FunTranslations (SHAKESPEARE_URL = <url>)
// It knows the species registered with it (charizard, id 6, from a trimmed real PokeAPI answer, is
// always there), answers each as the registration says (well, or with a chosen fault), and counts the
// calls per species. Its "translation" is the text with "Hark! " in front, so that a test can tell an
// upstream translation from the built-in one and see exactly which text was sent.
//
// In-process tests use the object `startPokemonUpstreams()` returns; tests that talk to it over HTTP
// (e2e, through sls offline) use `pokemonUpstreamsClient(url)`, which drives the same server through
//   POST /__stand-in/species (a Registration as JSON), GET /__stand-in/calls?name=<species name>,
//   GET /__stand-in/requests (all upstream requests so far).
//
// Run it alone for `npm start` against it:  npx tsx test/stand-ins/pokemon-upstreams.ts [port]
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import charizard from '../fixtures/pokemon/charizard-species.json';

export interface SpeciesAnswer {
  id: number;
  name: string;
  flavor_text_entries: { flavor_text: string; language: { name: string; url?: string }; version?: unknown }[];
  [field: string]: unknown;
}

/** How the stand-in PokeAPI answers for a species: `drop` closes the connection without an answer,
 * `drop-once` does so only on the first request; `slow` answers after `slowMs`. */
export type PokeapiBehaviour = 'ok' | 'status-500' | 'not-json' | 'slow' | 'drop' | 'drop-once';
/** How the stand-in translator answers a text of the species: `rate-limited` is FunTranslations' 429. */
export type TranslatorBehaviour = 'ok' | 'rate-limited' | 'no-translation' | 'status-500' | 'not-json' | 'slow' | 'drop';

export interface Registration {
  species: SpeciesAnswer;
  pokeapi?: PokeapiBehaviour;
  translator?: TranslatorBehaviour;
  /** How long `slow` waits before answering; default 10 s. */
  slowMs?: number;
}

export interface CallCounts {
  pokeapi: number;
  translator: number;
}

export interface PokemonUpstreams {
  /** The server's root: POKEAPI_URL is `${url}/api/v2`, SHAKESPEARE_URL is `url`. */
  url: string;
  environment: { POKEAPI_URL: string; SHAKESPEARE_URL: string };
  register(registration: Registration): Promise<void>;
  /** The calls made so far for a species (by its name or id, and for its texts). */
  calls(name: string): Promise<CallCounts>;
  /** Every request made to the upstream routes so far, known species or not. */
  requests(): Promise<number>;
}

export const TRANSLATION_PREFIX = 'Hark! ';
/** The text the translator receives for a flavor text, per the description rules of docs/API.md. */
const normalised = (text: string) => text.replace(/[\n\f]/g, ' ').replace(/ {2,}/g, ' ').trim();

export function environmentFor(url: string): PokemonUpstreams['environment'] {
  return { POKEAPI_URL: `${url}/api/v2`, SHAKESPEARE_URL: url };
}

interface Known extends Registration {
  counts: CallCounts;
  dropped: number;
}

export async function startPokemonUpstreams(port = 0): Promise<PokemonUpstreams & { close(): Promise<void> }> {
  const known = new Map<string, Known>();
  let upstreamRequests = 0;
  const byKey = (key: string) => known.get(key.toLowerCase());
  const byText = (text: string) =>
    [...new Set(known.values())].find((entry) => entry.species.flavor_text_entries.some((e) => normalised(e.flavor_text) === text));
  const register = (registration: Registration) => {
    const entry: Known = { ...registration, counts: { pokeapi: 0, translator: 0 }, dropped: 0 };
    known.set(registration.species.name.toLowerCase(), entry);
    known.set(String(registration.species.id), entry);
  };
  register({ species: charizard as SpeciesAnswer });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const send = (status: number, payload: unknown, type = 'application/json') => {
        res.writeHead(status, { 'content-type': type });
        res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
      };
      const species = /^\/api\/v2\/pokemon-species\/([^/]+)\/?$/.exec(url.pathname);
      if (!url.pathname.startsWith('/__stand-in/')) upstreamRequests++;

      if (req.method === 'POST' && url.pathname === '/__stand-in/species') {
        register(JSON.parse(body) as Registration);
        return send(204, '');
      }
      if (req.method === 'GET' && url.pathname === '/__stand-in/calls') {
        return send(200, byKey(url.searchParams.get('name') ?? '')?.counts ?? { pokeapi: 0, translator: 0 });
      }
      if (req.method === 'GET' && url.pathname === '/__stand-in/requests') return send(200, { requests: upstreamRequests });
      if (req.method === 'GET' && species) {
        const entry = byKey(decodeURIComponent(species[1]!));
        if (!entry) return send(404, 'Not Found', 'text/plain');
        entry.counts.pokeapi++;
        return behave(entry.pokeapi ?? 'ok', entry, () => send(200, entry.species), res, send);
      }
      if (req.method === 'POST' && url.pathname === '/translate/shakespeare.json') {
        const text = new URLSearchParams(body).get('text');
        if (text === null) return send(400, { error: { code: 400, message: 'Bad Request: text is missing.' } });
        const entry = byText(text);
        if (entry) entry.counts.translator++;
        const translate = () =>
          send(200, { success: { total: 1 }, contents: { translated: TRANSLATION_PREFIX + text, text, translation: 'shakespeare' } });
        return behave(entry?.translator ?? 'ok', entry, translate, res, send);
      }
      send(404, { error: 'no such stand-in route' });
    });
  });

  function behave(
    behaviour: PokeapiBehaviour | TranslatorBehaviour,
    entry: Known | undefined,
    answer: () => void,
    res: http.ServerResponse,
    send: (status: number, payload: unknown, type?: string) => void,
  ): void {
    switch (behaviour) {
      case 'ok':
        return answer();
      case 'status-500':
        return send(500, '<html><body>Internal Server Error</body></html>', 'text/html');
      case 'not-json':
        return send(200, '<html><body>Service temporarily down for maintenance</body></html>', 'text/html');
      case 'rate-limited':
        res.setHeader('retry-after', '1800');
        return send(429, { error: { code: 429, message: 'Too Many Requests: Rate limit of 5 requests per hour exceeded. Please wait for 30 minutes and 0 seconds.' } });
      case 'no-translation':
        return send(200, { success: { total: 1 }, contents: { text: 'x', translation: 'shakespeare' } });
      case 'slow':
        setTimeout(answer, entry?.slowMs ?? 10_000).unref();
        return;
      case 'drop-once':
        if (entry && entry.dropped++ === 0) return void res.socket?.destroy();
        return answer();
      case 'drop':
        return void res.socket?.destroy();
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    environment: environmentFor(url),
    register: async (registration) => register(registration),
    calls: async (name) => ({ ...(byKey(name)?.counts ?? { pokeapi: 0, translator: 0 }) }),
    requests: async () => upstreamRequests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The same stand-in, driven over HTTP (when it runs in another process, e.g. jest's global setup). */
export function pokemonUpstreamsClient(url: string): PokemonUpstreams {
  return {
    url,
    environment: environmentFor(url),
    register: async (registration) => {
      const response = await fetch(`${url}/__stand-in/species`, { method: 'POST', body: JSON.stringify(registration) });
      if (response.status !== 204) throw new Error(`the stand-in refused the registration: ${response.status}`);
    },
    calls: async (name) => {
      const response = await fetch(`${url}/__stand-in/calls?name=${encodeURIComponent(name)}`);
      return (await response.json()) as CallCounts;
    },
    requests: async () => ((await (await fetch(`${url}/__stand-in/requests`)).json()) as { requests: number }).requests,
  };
}

let uniqueCounter = 0;
/** A species of its own for one test: a unique name and id, and realistic flavor texts (\n, \f, several
 * English entries, another language), whose longest English one becomes `expectedText`. */
export function uniqueSpecies(label: string): { species: SpeciesAnswer; expectedText: string } {
  uniqueCounter++;
  const token = `${Date.now().toString(36)}${process.pid.toString(36)}${uniqueCounter}`;
  const name = `${label}-${token}`.toLowerCase();
  const id = 100_000 + Math.floor(Math.random() * 800_000_000) + uniqueCounter;
  const language = (code: string, n: number) => ({ name: code, url: `https://pokeapi.co/api/v2/language/${n}/` });
  return {
    species: {
      id,
      name,
      order: id,
      flavor_text_entries: [
        { flavor_text: `A short one\fabout ${token}.`, language: language('en', 9), version: { name: 'red', url: 'https://pokeapi.co/api/v2/version/1/' } },
        {
          flavor_text: `You are near ${token}: it has\ncome  to\nburn your\fboulders.   Are you ready?`,
          language: language('en', 9),
          version: { name: 'ruby', url: 'https://pokeapi.co/api/v2/version/7/' },
        },
        { flavor_text: `Une description en français bien plus longue que toutes les autres, pour ${token}.`, language: language('fr', 5) },
      ],
    },
    expectedText: `You are near ${token}: it has come to burn your boulders. Are you ready?`,
  };
}

if (require.main === module) {
  const port = Number(process.argv[2] ?? 3999);
  void startPokemonUpstreams(port).then((standIn) => {
    console.log(`PokeAPI and FunTranslations stand-in on ${standIn.url} (knows charizard, id 6). Start the API with:`);
    console.log(`  POKEAPI_URL=${standIn.environment.POKEAPI_URL} SHAKESPEARE_URL=${standIn.environment.SHAKESPEARE_URL} npm start`);
  });
}
