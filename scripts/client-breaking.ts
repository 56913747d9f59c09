// Reports the changes of the API's OpenAPI document that break its clients, between the document the committed
// client was generated from (client/openapi.json) and the current one (generated from the route specs now):
//   npm run client:breaking                       # client/openapi.json against the code
//   npm run client:breaking -- --base-ref REF     # client/openapi.json as of git REF (the Jenkinsfile: the last promoted build)
//   npm run client:breaking -- --base A.json --current B.json
// Breaking: a removed route or method, a removed 2xx answer, a removed or renamed response field (or one no longer
// always present, or of a new type or value), a new required request field (query, path, header or body), a
// removed body field (bodies refuse unknown fields), a request type or value no longer accepted.
// Exit code 0: none; 1: breaking changes (listed); 2: the documents could not be read.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { parseArgs } from 'node:util';

type Json = Record<string, unknown>;
type Schema = Json;
interface Document extends Json {
  paths?: Record<string, Record<string, Json>>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const CLIENT_DOCUMENT = 'client/openapi.json';

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Follows local `$ref`s (`#/components/...`) until a value without one. */
function resolve(document: Document, value: unknown, seen = new Set<string>()): Json {
  if (!isObject(value)) return {};
  const ref = value.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/') || seen.has(ref)) return value;
  seen.add(ref);
  const target = ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (isObject(node) ? node[part] : undefined), document);
  return resolve(document, target, seen);
}

/** The branches a value of `schema` can take: itself, or each of its anyOf/oneOf alternatives. */
function branches(document: Document, schema: unknown): Schema[] {
  const resolved = resolve(document, schema);
  const alternatives = [...((resolved.anyOf as unknown[]) ?? []), ...((resolved.oneOf as unknown[]) ?? [])];
  return alternatives.length > 0 ? alternatives.flatMap((branch) => branches(document, branch)) : [resolved];
}

/** The JSON types a schema allows, or undefined when it does not say (any type). */
function types(document: Document, schema: unknown): Set<string> | undefined {
  const found = new Set<string>();
  for (const branch of branches(document, schema)) {
    if (branch.type === undefined) return undefined;
    for (const type of [branch.type].flat() as string[]) found.add(type === 'integer' ? 'number' : type);
  }
  return found;
}

/** The values a schema allows when it lists them (enum/const), or undefined when it does not. */
function values(document: Document, schema: unknown): Set<string> | undefined {
  const found = new Set<string>();
  for (const branch of branches(document, schema)) {
    if ('const' in branch) found.add(JSON.stringify(branch.const));
    else if (Array.isArray(branch.enum)) for (const value of branch.enum) found.add(JSON.stringify(value));
    else if (branch.type !== 'null') return undefined;
  }
  return found;
}

/** The named properties of an object schema (across its alternatives), and which ones every alternative requires. */
function objectShape(document: Document, schema: unknown) {
  const properties = new Map<string, unknown>();
  let required: Set<string> | undefined;
  let closed = false;
  for (const branch of branches(document, schema)) {
    const own = resolve(document, branch);
    if (!isObject(own.properties)) continue;
    for (const [name, property] of Object.entries(own.properties)) if (!properties.has(name)) properties.set(name, property);
    const branchRequired = new Set((own.required as string[] | undefined) ?? []);
    required = required ? new Set([...required].filter((name) => branchRequired.has(name))) : branchRequired;
    closed ||= own.additionalProperties === false;
  }
  return { properties, required: required ?? new Set<string>(), closed };
}

const itemsOf = (document: Document, schema: unknown): unknown[] =>
  branches(document, schema).flatMap((branch) => (branch.items === undefined ? [] : [branch.items]));

const difference = (a: Set<string>, b: Set<string>) => [...a].filter((value) => !b.has(value));

/**
 * What changed in a value the API sends (`response`) or receives (`request`), from `before` to `after`.
 * A response may not lose what clients read; a request may not demand what clients do not send.
 */
function compareSchemas(base: Document, current: Document, before: unknown, after: unknown, direction: 'request' | 'response', where: string, out: string[]): void {
  const [beforeTypes, afterTypes] = [types(base, before), types(current, after)];
  if (direction === 'response' && afterTypes && (!beforeTypes || difference(afterTypes, beforeTypes).length > 0)) {
    out.push(`${where} can now be of type ${difference(afterTypes, beforeTypes ?? new Set()).join(', ')}`);
  }
  if (direction === 'request' && afterTypes && (!beforeTypes || difference(beforeTypes, afterTypes).length > 0)) {
    out.push(`${where} no longer accepts type ${beforeTypes ? difference(beforeTypes, afterTypes).join(', ') : 'any'}`);
  }
  const [beforeValues, afterValues] = [values(base, before), values(current, after)];
  if (direction === 'response' && afterValues && beforeValues && difference(afterValues, beforeValues).length > 0) {
    out.push(`${where} can now be ${difference(afterValues, beforeValues).join(', ')}`);
  }
  if (direction === 'request' && afterValues && (!beforeValues || difference(beforeValues, afterValues).length > 0)) {
    out.push(`${where} no longer accepts ${beforeValues ? difference(beforeValues, afterValues).join(', ') : 'every value'}`);
  }

  const [was, is] = [objectShape(base, before), objectShape(current, after)];
  for (const [name, property] of was.properties) {
    const field = `${where}.${name}`;
    if (!is.properties.has(name)) {
      if (direction === 'response') out.push(`${field} was removed (or renamed)`);
      else if (is.closed) out.push(`${field} was removed, and the body refuses unknown fields`);
      continue;
    }
    if (direction === 'response' && was.required.has(name) && !is.required.has(name)) out.push(`${field} is no longer always present`);
    compareSchemas(base, current, property, is.properties.get(name), direction, field, out);
  }
  if (direction === 'request') {
    for (const name of is.required) {
      if (!was.required.has(name)) out.push(`${where}.${name} is a new required field`);
    }
  }
  const [beforeItems, afterItems] = [itemsOf(base, before), itemsOf(current, after)];
  if (beforeItems[0] !== undefined && afterItems[0] !== undefined) {
    compareSchemas(base, current, beforeItems[0], afterItems[0], direction, `${where}[]`, out);
  }
}

const parametersOf = (document: Document, pathItem: Json, operation: Json) =>
  new Map(
    [...((pathItem.parameters as unknown[]) ?? []), ...((operation.parameters as unknown[]) ?? [])]
      .map((parameter) => resolve(document, parameter))
      .map((parameter) => [`${String(parameter.in)} parameter ${String(parameter.name)}`, parameter] as const),
  );

const jsonSchemaOf = (document: Document, holder: unknown): unknown => {
  const content = resolve(document, holder).content;
  return isObject(content) && isObject(content['application/json']) ? content['application/json'].schema : undefined;
};

/** Every change from `base` to `current` that breaks a client written against `base`, one sentence each. */
export function breakingChanges(base: Document, current: Document): string[] {
  const out: string[] = [];
  for (const [path, basePathItem] of Object.entries(base.paths ?? {})) {
    const currentPathItem = current.paths?.[path];
    for (const method of METHODS.filter((name) => isObject(basePathItem[name]))) {
      const route = `${method.toUpperCase()} ${path}`;
      const before = basePathItem[method] as Json;
      const after = currentPathItem?.[method];
      if (!isObject(after)) {
        out.push(`${route} was removed`);
        continue;
      }

      const [beforeParameters, afterParameters] = [parametersOf(base, basePathItem, before), parametersOf(current, currentPathItem!, after)];
      for (const [name, parameter] of afterParameters) {
        const previous = beforeParameters.get(name);
        if (parameter.required === true && previous?.required !== true) out.push(`${route}: ${name} is ${previous ? 'now required' : 'a new required parameter'}`);
        if (previous) compareSchemas(base, current, previous.schema, parameter.schema, 'request', `${route}: ${name}`, out);
      }

      const [beforeBody, afterBody] = [resolve(base, before.requestBody), resolve(current, after.requestBody)];
      if (afterBody.required === true && beforeBody.required !== true) out.push(`${route}: the request body is now required`);
      const [beforeBodySchema, afterBodySchema] = [jsonSchemaOf(base, beforeBody), jsonSchemaOf(current, afterBody)];
      if (beforeBodySchema !== undefined && afterBodySchema === undefined && isObject(after.requestBody)) {
        out.push(`${route}: the request body is no longer JSON`);
      } else if (afterBodySchema !== undefined) {
        compareSchemas(base, current, beforeBodySchema ?? {}, afterBodySchema, 'request', `${route}: body`, out);
      }

      const [beforeResponses, afterResponses] = [(before.responses ?? {}) as Json, (after.responses ?? {}) as Json];
      for (const [status, response] of Object.entries(beforeResponses)) {
        if (!(status in afterResponses)) {
          if (status.startsWith('2')) out.push(`${route}: the ${status} answer was removed`);
          continue;
        }
        const [beforeSchema, afterSchema] = [jsonSchemaOf(base, response), jsonSchemaOf(current, afterResponses[status])];
        if (beforeSchema === undefined) continue;
        if (afterSchema === undefined) out.push(`${route}: the ${status} answer is no longer JSON`);
        else compareSchemas(base, current, beforeSchema, afterSchema, 'response', `${route}: ${status} body`, out);
      }
    }
  }
  return out;
}

function readDocument(source: { file?: string; ref?: string }): Document | undefined {
  if (source.ref !== undefined) {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${source.ref}^{commit}`], { stdio: 'pipe' });
    try {
      return JSON.parse(execFileSync('git', ['show', `${source.ref}:${CLIENT_DOCUMENT}`], { encoding: 'utf8', stdio: 'pipe', maxBuffer: 64 << 20 }));
    } catch {
      return undefined; // the commit predates the client: nothing to compare with
    }
  }
  return JSON.parse(fs.readFileSync(source.file!, 'utf8'));
}

async function main(): Promise<number> {
  const { values: args } = parseArgs({
    options: { base: { type: 'string' }, 'base-ref': { type: 'string' }, current: { type: 'string' } },
  });
  const baseName = args['base-ref'] !== undefined ? `${CLIENT_DOCUMENT} at ${args['base-ref']}` : (args.base ?? CLIENT_DOCUMENT);
  const base = readDocument(args['base-ref'] !== undefined ? { ref: args['base-ref'] } : { file: args.base ?? CLIENT_DOCUMENT });
  if (base === undefined) {
    console.log(`No ${baseName}: no client to break.`);
    return 0;
  }
  const current: Document = args.current !== undefined
    ? readDocument({ file: args.current })!
    : await (await import('./stage-document')).stageDocument('local');
  const currentName = args.current ?? 'the current document (route specs)';

  const changes = breakingChanges(base, current);
  if (changes.length === 0) {
    console.log(`No breaking change for clients from ${baseName} to ${currentName}.`);
    return 0;
  }
  console.log(`${changes.length} breaking change(s) for clients from ${baseName} to ${currentName}:`);
  for (const change of changes) console.log(`  - ${change}`);
  return 1;
}

if (require.main === module) {
  main()
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      console.error(`client:breaking: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    });
}
