// Shapes of the pokemon service: its request parameters and its answer.
import * as z from 'zod/mini';

/** PokeAPI species names are lowercase letters and digits joined by single hyphens (mr-mime, porygon-z, ho-oh). */
const SPECIES_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_NAME_LENGTH = 50;
const badName = `nameOrId must be a Pokemon species name (letters, digits and single hyphens, at most ${MAX_NAME_LENGTH} characters) or a numeric id`;

/** A species name (lowercased) or a numeric id (without leading zeros), ready to put into a PokeAPI path. */
export const nameOrId = z.pipe(
  z.string().check(
    z.maxLength(MAX_NAME_LENGTH, badName),
    z.refine((value) => SPECIES_NAME.test(value.toLowerCase()), badName),
    z.meta({ description: 'A species name such as `charizard` (any case) or its National Pokedex id such as `6`', examples: ['charizard', '6'] }),
  ),
  z.transform((value) => (/^[0-9]+$/.test(value) ? value.replace(/^0+(?=[0-9])/, '') : value.toLowerCase())),
);

export const OUTPUT_FORMATS = ['json', 'text'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const outputFormat = z._default(
  z.enum(OUTPUT_FORMATS, { error: 'output_format must be json or text' }).check(
    z.meta({ description: '`json` (default) or `text` for a `text/plain` line `name: description`' }),
  ),
  'json',
);

/** Where a description's Shakespearean English came from: FunTranslations, or our own rule-based translator. */
export type TranslationSource = 'upstream' | 'builtin';

export const pokemonDescription = z.object({
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
);
export type PokemonDescription = z.output<typeof pokemonDescription>;
