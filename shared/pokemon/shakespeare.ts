// Our own Shakespeare translator, for when FunTranslations is rate limited: word and phrase
// substitutions, nothing more. Deterministic (same text, same answer), and it touches only the words it
// knows: punctuation, spacing and every other word stay exactly as they were. A replacement takes the
// case of what it replaces (you -> thee, You -> Thee, YOU -> THEE).

/** Two-word phrases, checked before single words ("you are" is "thou art", not "thee art"). */
const PHRASES: Record<string, string> = {
  'you are': 'thou art',
  'are you': 'art thou',
  'you have': 'thou hast',
  'have you': 'hast thou',
  'you will': 'thou wilt',
  'will you': 'wilt thou',
  'it is': "'tis",
  'it was': "'twas",
};

const WORDS: Record<string, string> = {
  you: 'thee',
  your: 'thy',
  yours: 'thine',
  yourself: 'thyself',
  are: 'art',
  is: 'is',
  has: 'hath',
  have: 'hast',
  does: 'doth',
  did: 'didst',
  will: 'shall',
  hello: 'hail',
  yes: 'aye',
  before: 'ere',
  often: 'oft',
  over: "o'er",
  never: "ne'er",
  ever: "e'er",
  even: "e'en",
  between: 'betwixt',
  among: 'amongst',
  nothing: 'naught',
  perhaps: 'perchance',
  maybe: 'perchance',
  why: 'wherefore',
  until: 'till',
  enemy: 'foe',
  enemies: 'foes',
  friend: 'companion',
  very: 'most',
  quickly: 'swiftly',
  where: 'whither',
  here: 'hither',
  there: 'thither',
};

/** A word (letters, with inner apostrophes) or anything between words. */
const TOKENS = /(\p{L}+(?:['’]\p{L}+)*)|([^\p{L}]+)/gu;

export function translateToShakespeare(text: string): string {
  const tokens = Array.from(text.matchAll(TOKENS), (match) => ({ text: match[0], isWord: match[1] !== undefined }));
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!token.isWord) {
      out.push(token.text);
      continue;
    }
    const gap = tokens[i + 1];
    const next = tokens[i + 2];
    if (gap && next?.isWord && /^ +$/.test(gap.text)) {
      const phrase = PHRASES[`${token.text.toLowerCase()} ${next.text.toLowerCase()}`];
      if (phrase) {
        out.push(matchCase(phrase, token.text, next.text));
        i += 2;
        continue;
      }
    }
    const word = WORDS[token.text.toLowerCase()];
    out.push(word === undefined ? token.text : matchCase(word, token.text));
  }
  return out.join('');
}

/** The replacement in the case of the original: UPPER (when every original word is), Capitalized, or as is. */
function matchCase(replacement: string, ...originals: string[]): string {
  const joined = originals.join('');
  if (joined.length > 1 && joined === joined.toUpperCase() && joined !== joined.toLowerCase()) return replacement.toUpperCase();
  const first = originals[0]!;
  if (first[0] !== first[0]!.toLowerCase()) {
    const at = replacement.search(/\p{L}/u);
    return at < 0 ? replacement : replacement.slice(0, at) + replacement[at]!.toUpperCase() + replacement.slice(at + 1);
  }
  return replacement;
}
