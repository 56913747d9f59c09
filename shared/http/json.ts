// JSON with exact big integers: a bigint is written as a plain JSON integer literal with every digit
// (JSON.stringify alone throws on bigint, and a number would round).

// A marker no caller's string can contain by chance: unique to this process. Made on the first bigint,
// not at load: Node's crypto costs ~3 ms of CPU to load, on the cold start of every function otherwise.
let marker: string | undefined;
let markedBigint: RegExp | undefined;

export function toJson(value: unknown): string {
  let hasBigint = false;
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item !== 'bigint') return item;
    hasBigint = true;
    marker ??= `bigint-${crypto.randomUUID()}:`;
    return `${marker}${item.toString()}`;
  });
  if (!hasBigint) return text;
  markedBigint ??= new RegExp(`"${marker}(-?\\d+)"`, 'g');
  return text.replace(markedBigint, '$1');
}
