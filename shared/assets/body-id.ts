// A PUT body may repeat the record's id: the original API required it in the analyst body, so its clients
// send the record back as they read it. It must then name the record of the path: a body meant for another
// record never overwrites this one.
import { ValidationError } from '#shared/http/errors';

/** The body's fields without its id, once the id (if any) is known to be `pathId`; else a 400 and nothing is written. */
export function withPathId<T extends { id?: number }>(pathId: number, body: T): Omit<T, 'id'> {
  const { id, ...fields } = body;
  if (id !== undefined && id !== pathId) {
    throw new ValidationError(`The body's id ${id} is not the id in the path, ${pathId}: send ${pathId} or leave id out`, [
      { field: 'body.id', message: `must be ${pathId}, the id in the path, or left out` },
    ]);
  }
  return fields;
}
