// The events service's ingest: recording events exactly once, with their day's and engineer's counts. The writes are
// in ingest-store.ts, the transactions' planning in transactions.ts, the key design in keys.ts.
import { backOff } from '#shared/dynamo/backoff';
import { ConflictError, UnavailableError, type FieldProblem } from '#shared/http/errors';
import type { DeployEvent } from '#shared/events/schemas';
import * as store from '#shared/events/ingest-store';
import { dayOf } from '#shared/events/time';
import { cover, markerKey, planTransactions, type Span } from '#shared/events/transactions';

export interface RecordResult {
  created: number;
  duplicates: number;
}

/** How many times a batch is planned again after a concurrent write stored some of its events or markers. */
const MAX_RETRIES = 12;

const sameContent = (a: DeployEvent, b: DeployEvent) =>
  a.sha === b.sha && a.timestamp === b.timestamp && a.action === b.action && a.engineer === b.engineer;

/** A commit id is the same commit in either case: store it in lowercase. */
const normalize = (event: DeployEvent): DeployEvent => ({ ...event, sha: event.sha.toLowerCase() });

/** 409 naming the ids: `problem` says what is wrong with each, `outcome` what became of the request. */
function conflict(ids: string[], problem: string, outcome: string): ConflictError {
  const shown = ids.slice(0, 20).join(', ') + (ids.length > 20 ? ` and ${ids.length - 20} more` : '');
  const details: FieldProblem[] = ids.map((id) => ({ field: 'id', message: `${id} ${problem}` }));
  return new ConflictError(`Each of these event ids ${problem}: ${shown}; ${outcome}`, details);
}

/**
 * Stores the events that are not stored yet, each exactly once, and counts the rest as duplicates.
 *
 * Nothing is written when an id repeats with different content, in the request or against the store (409).
 * New events are written in transactions of up to 100 items (ingest-store.ts); when a request fails partway
 * (a 5xx or a timeout), the transactions that committed stay, each whole (never an event without its
 * counts). Sending the same request again is safe: what was stored comes back as duplicates.
 */
export async function recordEvents(input: DeployEvent[]): Promise<RecordResult> {
  const events = input.map(normalize);
  const unique = new Map<string, DeployEvent>();
  const repeatedWithOtherContent = new Set<string>();
  for (const event of events) {
    const seen = unique.get(event.id);
    if (!seen) unique.set(event.id, event);
    else if (!sameContent(seen, event)) repeatedWithOtherContent.add(event.id);
  }
  if (repeatedWithOtherContent.size > 0) {
    throw conflict([...repeatedWithOtherContent], 'appears more than once in this request with different content', 'nothing was written');
  }

  const stored = await store.storedEvents([...unique.keys()]);
  const changed = [...stored.values()].filter((event) => !sameContent(event, unique.get(event.id)!));
  if (changed.length > 0) {
    throw conflict(changed.map((event) => event.id), 'is already stored with different content', 'nothing was written');
  }

  const known = new Map<string, Span>();
  const created = await writeNew([...unique.values()].filter((event) => !stored.has(event.id)), 0, known);
  await widenEngineers(events, known);
  return { created, duplicates: events.length - created };
}

/**
 * Writes events not stored at the last look; returns how many this call stored. `known` collects the spans
 * that the committed transactions guarantee (what was read, widened by them), for widenEngineers.
 */
async function writeNew(events: DeployEvent[], retry: number, known: Map<string, Span>): Promise<number> {
  if (events.length === 0) return 0;
  const pairs = new Map(events.map((event) => [markerKey(dayOf(event.timestamp), event.engineer), event]));
  const state = await store.planningState(
    [...pairs.values()].map((e) => ({ date: dayOf(e.timestamp), engineer: e.engineer })),
    [...new Set(events.map((event) => event.engineer))],
  );
  const plans = planTransactions(events, state.markers, state.spans);
  let created = 0;
  for (const [index, plan] of plans.entries()) {
    let outcome = await store.writeTransaction(plan);
    while (!outcome.written && !outcome.claimed) {
      // Only spans were overtaken: other requests widened these engineers' spans further meanwhile (events come in
      // time order, so concurrent writers of one engineer overtake each other all the time). The counts do not
      // depend on the span: the same transaction goes again at once, with these engineers' spans (in it and in the
      // batch's later transactions, planned from it) left to widenEngineers, whose min/max is idempotent.
      for (const rest of plans.slice(index)) for (const engineer of outcome.overtaken) delete rest.engineers.get(engineer)?.known;
      outcome = await store.writeTransaction(plan);
    }
    if (!outcome.written) {
      // Another request wrote some of these events or markers meanwhile: look again, and plan what is left
      // (this transaction's events and the later ones') from what is stored now.
      return created + (await planAgain(plans.slice(index).flatMap((rest) => rest.events), retry, known));
    }
    created += plan.events.length;
    for (const [engineer, counts] of plan.engineers) {
      if (counts.known) known.set(engineer, cover(counts.known, counts));
      else known.delete(engineer);
    }
  }
  return created;
}

async function planAgain(events: DeployEvent[], retry: number, known: Map<string, Span>): Promise<number> {
  if (retry >= MAX_RETRIES) {
    throw new UnavailableError('Other requests are writing the same events; retry shortly (a retry is safe)', 1);
  }
  await backOff(retry + 1);
  const nowStored = await store.storedEvents(events.map((event) => event.id));
  const changed = events.filter((event) => nowStored.has(event.id) && !sameContent(nowStored.get(event.id)!, event));
  if (changed.length > 0) {
    throw conflict(
      changed.map((event) => event.id),
      'was just stored by another request with different content',
      'events of this request before them may be stored, and sending it again is safe',
    );
  }
  return writeNew(events.filter((event) => !nowStored.has(event.id)), retry + 1, known);
}

/**
 * Makes every engineer's span cover this request's events, duplicates included (repairs a request that failed
 * before its span was widened). Spans that the transactions widened are covered already; for the others (an
 * engineer created meanwhile by another request, a request of duplicates only) one read of the stored spans,
 * then a conditional update only where a span must widen: min/max are idempotent.
 */
async function widenEngineers(events: DeployEvent[], known: ReadonlyMap<string, Span>): Promise<void> {
  const spans = new Map<string, Span>();
  for (const { engineer, timestamp } of events) {
    const span = spans.get(engineer);
    spans.set(engineer, span ? cover(span, { firstSeen: timestamp, lastSeen: timestamp }) : { firstSeen: timestamp, lastSeen: timestamp });
  }
  const covers = (outer: Span | undefined, inner: Span) => outer !== undefined && outer.firstSeen <= inner.firstSeen && outer.lastSeen >= inner.lastSeen;
  const unsure = [...spans].filter(([engineer, span]) => !covers(known.get(engineer), span));
  if (unsure.length === 0) return;
  const stored = await store.engineerSpans(unsure.map(([engineer]) => engineer));
  const queue = unsure.flatMap(([engineer, { firstSeen, lastSeen }]) => {
    const span = stored.get(engineer);
    // No item: none of these events is stored (the transactions create it), so there is nothing to widen.
    if (!span) return [];
    const widen = { firstSeen: firstSeen < span.firstSeen ? firstSeen : undefined, lastSeen: lastSeen > span.lastSeen ? lastSeen : undefined };
    return widen.firstSeen || widen.lastSeen ? [[engineer, widen] as const] : [];
  });
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await store.widenEngineerSeen(next[0], next[1]);
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}
