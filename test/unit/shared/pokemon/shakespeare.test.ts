// The built-in Shakespeare translator: word and phrase substitutions that keep case and punctuation.
import fc from 'fast-check';
import { translateToShakespeare } from '#shared/pokemon/shakespeare';

describe('translateToShakespeare', () => {
  it.each([
    ['you', 'thee'],
    ['your', 'thy'],
    ['are', 'art'],
    ['has', 'hath'],
    ['is', 'is'],
    ['before', 'ere'],
    ['often', 'oft'],
  ])('turns %s into %s', (modern, shakespearean) => {
    expect(translateToShakespeare(`x ${modern} y`)).toBe(`x ${shakespearean} y`);
  });

  it('translates the two-word phrases as a whole', () => {
    expect(translateToShakespeare('you are here, are you?')).toBe('thou art hither, art thou?');
  });

  it('keeps a capitalised word capitalised', () => {
    expect(translateToShakespeare('You know. Your turn. It is late.')).toBe("Thee know. Thy turn. 'Tis late.");
  });

  it('keeps an all-capitals word in capitals', () => {
    expect(translateToShakespeare('YOU ARE BRAVE, YOUR FIRE HAS POWER')).toBe('THOU ART BRAVE, THY FIRE HATH POWER');
  });

  it('keeps punctuation, spacing and line layout exactly', () => {
    expect(translateToShakespeare('  "Has it?!"  (you)\n— your…  ')).toBe('  "Hath it?!"  (thee)\n— thy…  ');
  });

  it('does not touch words that only contain a known word', () => {
    expect(translateToShakespeare('Youth areas hashes yours')).toBe('Youth areas hashes thine');
  });

  it('leaves text without known words unchanged, accents included', () => {
    const text = 'CHARIZARD flies around the sky in search of powerful opponents. POKéMON!';
    expect(translateToShakespeare(text)).toBe(text);
  });

  it('translates a real flavor text', () => {
    expect(translateToShakespeare('It is said that your fire burns hotter if it has experienced harsh battles.')).toBe(
      "'Tis said that thy fire burns hotter if it hath experienced harsh battles.",
    );
  });

  it('is deterministic: the same text always gives the same translation', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(translateToShakespeare(text)).toBe(translateToShakespeare(text));
      }),
    );
  });

  it('never changes anything but letters: the non-letters of any text survive in order', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const nonLetters = (value: string) => value.replace(/\p{L}/gu, '').replace(/'/g, '');
        expect(nonLetters(translateToShakespeare(text))).toBe(nonLetters(text).replace(/'/g, ''));
      }),
    );
  });
});
