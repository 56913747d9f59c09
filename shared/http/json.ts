// JSON with exact big integers: a bigint is written as a plain JSON integer literal with every digit
// (JSON.stringify alone throws on bigint, and a number would round).

import { randomUUID } from 'node:crypto';

// A marker no caller's string can contain by chance: unique to this process.
const marker = `bigint-${randomUUID()}:`;
const markedBigint = new RegExp(`"${marker}(-?\\d+)"`, 'g');

export function toJson(value: unknown): string {
  let hasBigint = false;
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item !== 'bigint') return item;
    hasBigint = true;
    return `${marker}${item.toString()}`;
  });
  return hasBigint ? text.replace(markedBigint, '$1') : text;
}
