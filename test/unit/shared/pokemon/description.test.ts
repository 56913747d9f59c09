// Which text gets translated: the longest English flavor_text, \n and \f to spaces, runs of spaces collapsed.
import { englishDescription, type FlavorTextEntry } from '#shared/pokemon/description';
import charizard from '../../../fixtures/pokemon/charizard-species.json';

const en = (flavor_text: string): FlavorTextEntry => ({ flavor_text, language: { name: 'en' } });
const other = (code: string, flavor_text: string): FlavorTextEntry => ({ flavor_text, language: { name: code } });

describe('englishDescription', () => {
  it("takes charizard's longest English entry out of a real PokeAPI answer with several languages", () => {
    expect(englishDescription(charizard.flavor_text_entries)).toBe(
      'CHARIZARD flies around the sky in search of powerful opponents. It breathes fire of such great heat that it ' +
        'melts anything. However, it never turns its fiery breath on any opponent weaker than itself.',
    );
  });

  it('ignores a longer entry in another language', () => {
    expect(englishDescription([en('Short.'), other('fr', 'Une phrase bien plus longue que la version anglaise.')])).toBe('Short.');
  });

  it('turns a form feed inside the text into a space', () => {
    expect(englishDescription([en('Spits fire that\nis hot enough to\nmelt boulders.\fKnown to cause\nforest fires\nunintentionally.')])).toBe(
      'Spits fire that is hot enough to melt boulders. Known to cause forest fires unintentionally.',
    );
  });

  it('collapses runs of spaces, also those made of line breaks next to spaces', () => {
    expect(englishDescription([en('One  two \n three\f\ffour     five')])).toBe('One two three four five');
  });

  it('picks the longest entry before normalising it', () => {
    expect(englishDescription([en('abc def'), en('abc\n\n\ndef'), en('xyz')])).toBe('abc def');
  });

  it('keeps the first of equally long entries', () => {
    expect(englishDescription([en('first'), en('again')])).toBe('first');
  });

  it('gives undefined for a species whose entries are all in other languages', () => {
    expect(englishDescription([other('ja', '口から 灼熱の 炎を 吐きだす'), other('de', 'Speit Feuer.')])).toBeUndefined();
  });

  it('gives undefined for a species without any entry', () => {
    expect(englishDescription([])).toBeUndefined();
  });

  it('gives undefined when the only English entry is blank', () => {
    expect(englishDescription([en(' \n\f ')])).toBeUndefined();
  });
});
