// Which text of a PokeAPI species gets translated (docs/API.md): the longest English flavor_text, with the
// line feeds and form feeds of the old game cartridges turned into spaces and runs of spaces collapsed.

export interface FlavorTextEntry {
  flavor_text: string;
  language: { name: string };
}

/** The description to translate, or undefined when the species has no English flavor text at all. */
export function englishDescription(entries: readonly FlavorTextEntry[]): string | undefined {
  let longest: string | undefined;
  for (const entry of entries) {
    if (entry.language.name !== 'en') continue;
    if (longest === undefined || entry.flavor_text.length > longest.length) longest = entry.flavor_text;
  }
  if (longest === undefined) return undefined;
  const text = longest.replace(/[\n\f]/g, ' ').replace(/ {2,}/g, ' ').trim();
  return text === '' ? undefined : text;
}
