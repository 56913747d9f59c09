// Shapes of the pokemon service: its request parameters and its answer.
import * as z from 'zod/mini';
import { lazySchema } from '#shared/http/route';

// What a client may send as a name: letters (any script, with accents), digits, and the punctuation that real
// species names are written with (Mr. Mime, Farfetch'd, Type: Null, Nidoran♀, Porygon-Z) or that people type
// for a space (`_`). Anything else (a slash, a percent sign, a control character, 200 characters) can never be
// a name and is a 400 before any upstream call. A name that could be one is looked up under PokeAPI's spelling
// of it (see pokeapiName), and is a 404 when PokeAPI has no such species.
const NAME = /^[\p{L}\p{N}][\p{L}\p{M}\p{N} ._':’♀♂-]*$/u;
export const MAX_NAME_LENGTH = 50;
const badName =
  `nameOrId must be a Pokemon species name (letters, digits, spaces and . _ ' : - ♀ ♂, starting with a letter or digit, ` +
  `at most ${MAX_NAME_LENGTH} characters) or a numeric id`;

/**
 * PokeAPI's spelling of a species name: lowercase ASCII words joined by single hyphens.
 * `Mr. Mime` -> `mr-mime`, `Farfetch'd` -> `farfetchd`, `Type: Null` -> `type-null`, `Nidoran♀` -> `nidoran-f`,
 * `Flabébé` -> `flabebe`, `Mime Jr.` -> `mime-jr`, `not_a_pokemon` -> `not-a-pokemon`. A name in another script keeps its
 * letters (lowercased): PokeAPI knows none, so it is a 404, as for any other name that is no species.
 */
export function pokeapiName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/♀/g, '-f')
    .replace(/♂/g, '-m')
    .replace(/['’]/g, '')
    .replace(/[\s_.:-]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** A species name (in PokeAPI's spelling) or a numeric id (without leading zeros), ready to put into a PokeAPI path. */
export const nameOrId = lazySchema(() =>
  z.pipe(
    z.string().check(
      z.maxLength(MAX_NAME_LENGTH, { error: badName, abort: true }),
      z.refine((value) => NAME.test(value), badName),
      z.meta({
        description:
          "A species name such as `charizard` (any case; also written as people do: `Mr. Mime`, `Farfetch'd`) or its " +
          'National Pokedex id such as `6`. A name that could be a species but is none is a 404.',
        examples: ['charizard', '6'],
      }),
    ),
    z.transform((value) => (/^[0-9]+$/.test(value) ? value.replace(/^0+(?=[0-9])/, '') : pokeapiName(value))),
  ),
);

export const OUTPUT_FORMATS = ['json', 'text'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const outputFormat = lazySchema(() =>
  z._default(
    z.enum(OUTPUT_FORMATS, { error: 'output_format must be json or text' }).check(
      z.meta({ description: '`json` (default) or `text` for a `text/plain` line `name: description`' }),
    ),
    'json',
  ),
);

/** Where a description's Shakespearean English came from: FunTranslations, or our own rule-based translator. */
export type TranslationSource = 'upstream' | 'builtin';

export const pokemonDescription = lazySchema(() =>
  z.object({
    name: z.string().check(z.meta({ description: "The species' name, also when it was asked for by id" })),
    description: z.string().check(z.meta({ description: 'Its longest English Pokedex entry, in Shakespearean English' })),
  }).check(
    z.meta({
      examples: [
        {
          name: 'charizard',
          description:
            'Spits fire yond is hot enow to melt boulders. Known to cause forest fires unintentionally.',
        },
      ],
    }),
  ),
);
export type PokemonDescription = z.output<ReturnType<typeof pokemonDescription>>;
