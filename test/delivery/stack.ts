// Reading a packaged stage (dist/<stage>/): its CloudFormation template, its function zips, and what each
// function's code does with DynamoDB. Used by templates.test.ts; the rules are unit-tested in checks.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { routesOf } from '../../config/settings';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
export type Template = { Resources: Record<string, Json>; Outputs?: Record<string, Json> };

export const root = path.resolve(__dirname, '..', '..');

export const readTemplate = (dir: string): Template =>
  JSON.parse(fs.readFileSync(path.join(dir, 'cloudformation-template-update-stack.json'), 'utf8'));

export const resourcesOfType = (template: Template, type: string): [string, Json][] =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export interface Statement {
  Effect: string;
  Action: string[];
  Resource: Json[];
  Condition?: Json;
}

/** The statements of a role's inline policies (actions and resources as lists). */
export function roleStatements(role: Json): Statement[] {
  return list(role.Properties.Policies).flatMap((policy: Json) =>
    list(policy.PolicyDocument.Statement).map((statement: Json) => ({
      Effect: statement.Effect,
      Action: list(statement.Action),
      Resource: list(statement.Resource),
      ...(statement.Condition ? { Condition: statement.Condition } : {}),
    })),
  );
}

/** The role a function runs with: the logical id of the AWS::IAM::Role in this template. */
export function roleOf(fn: Json): string | undefined {
  const getAtt = fn.Properties.Role?.['Fn::GetAtt'];
  return Array.isArray(getAtt) && getAtt[1] === 'Arn' ? getAtt[0] : undefined;
}

/** A resource ARN of a DynamoDB statement, as a table of this stack and optionally one of its indexes. */
export interface TableTarget {
  table: string;
  index?: string;
}

export function dynamoTarget(resource: Json, template: Template): TableTarget | string {
  const tableOf = (value: Json): string | undefined => {
    const getAtt = value?.['Fn::GetAtt'];
    if (!Array.isArray(getAtt) || getAtt[1] !== 'Arn') return undefined;
    return template.Resources[getAtt[0]]?.Type === 'AWS::DynamoDB::Table' ? getAtt[0] : undefined;
  };
  const table = tableOf(resource);
  if (table) return { table };
  const join = resource?.['Fn::Join'];
  if (Array.isArray(join) && join[0] === '/' && Array.isArray(join[1]) && join[1].length === 3) {
    const [arn, word, index] = join[1];
    const joined = tableOf(arn);
    if (joined && word === 'index' && typeof index === 'string') {
      const properties = template.Resources[joined].Properties;
      const indexes = [...list(properties.GlobalSecondaryIndexes), ...list(properties.LocalSecondaryIndexes)].map((i: Json) => i.IndexName);
      if (!indexes.includes(index)) return `${JSON.stringify(resource)} names index ${index}, which ${joined} does not have`;
      return { table: joined, index };
    }
  }
  return `${JSON.stringify(resource)} is not a table of this stack (use Fn::GetAtt [XTable, Arn], or Fn::Join ['/', [<that>, index, <name>]])`;
}

const X_RAY_ACTIONS = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
/** What Lambda's event source mapping needs to read a DynamoDB stream. */
export const STREAM_ACTIONS = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];

/** `Fn::GetAtt [Id, Attribute]` -> Id, when the attribute is the one asked for. */
const getAttOf = (value: Json, attribute: string): string | undefined => {
  const getAtt = value?.['Fn::GetAtt'];
  return Array.isArray(getAtt) && getAtt[1] === attribute ? getAtt[0] : undefined;
};

/** The event source mappings that invoke `fn` (a resource object of `template`). */
export function mappingsOf(fn: Json, template: Template): Json[] {
  const fnId = Object.keys(template.Resources).find((id) => template.Resources[id] === fn);
  return resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')
    .map(([, mapping]) => mapping)
    .filter((mapping) => getAttOf(mapping.Properties.FunctionName, 'Arn') === fnId);
}

/** A stream statement's problems: exactly the mapping's read actions, on the streams of this function's mappings. */
function streamProblems(statement: Statement, fn: Json, template: Template): string[] {
  const problems: string[] = [];
  if ([...statement.Action].sort().join() !== STREAM_ACTIONS.join()) problems.push(`a stream statement must be exactly ${STREAM_ACTIONS.join(', ')}`);
  const ownStreams = new Set(mappingsOf(fn, template).map((mapping) => JSON.stringify(mapping.Properties.EventSourceArn)));
  for (const resource of statement.Resource) {
    const table = getAttOf(resource, 'StreamArn');
    if (!table || template.Resources[table]?.Type !== 'AWS::DynamoDB::Table') problems.push(`${JSON.stringify(resource)} is not the stream of a table of this stack`);
    else if (!ownStreams.has(JSON.stringify(resource))) problems.push(`may read the stream of ${table}, which no event source mapping of this function reads`);
  }
  return problems;
}

/** An SQS statement's problems: only SendMessage, only to the on-failure destination of this function's own mappings. */
function queueProblems(statement: Statement, fn: Json, template: Template): string[] {
  const problems: string[] = [];
  if (statement.Action.join() !== 'sqs:SendMessage') problems.push(`SQS actions beyond SendMessage: ${statement.Action.join(', ')}`);
  const destinations = new Set(mappingsOf(fn, template).map((mapping) => JSON.stringify(mapping.Properties.DestinationConfig?.OnFailure?.Destination)));
  for (const resource of statement.Resource) {
    if (!destinations.has(JSON.stringify(resource))) problems.push(`may send to ${JSON.stringify(resource)}, which is not its own dead-letter queue`);
  }
  return problems;
}

/** An SES statement's problems: only SendEmail, on one identity of this account and region, from one sender. */
function emailProblems(statement: Statement): string[] {
  const problems: string[] = [];
  if (statement.Action.join() !== 'ses:SendEmail') problems.push(`SES actions beyond SendEmail: ${statement.Action.join(', ')}`);
  for (const resource of statement.Resource) {
    const parts = resource?.['Fn::Join']?.[1];
    const identity = Array.isArray(parts) && JSON.stringify(parts.slice(0, 3)) === JSON.stringify(['arn:aws:ses', { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }]) ? parts[3] : undefined;
    if (typeof identity !== 'string' || !/^identity\/[^*]+$/.test(identity)) problems.push(`SES resource ${JSON.stringify(resource)} is not one identity of this account`);
  }
  const senders = statement.Condition?.StringEquals?.['ses:FromAddress'];
  if (typeof senders !== 'string' || senders.includes('*')) problems.push('SES statement without a condition on one ses:FromAddress');
  return problems;
}

/** What a role grants on DynamoDB, and every rule it breaks (empty: least privilege as far as a template shows). */
export function checkRole(fn: Json, role: Json, template: Template) {
  const problems: string[] = [];
  const dynamo = { actions: new Set<string>(), tables: new Set<string>(), indexes: new Set<string>(), streams: new Set<string>() };
  const others = { sqs: [] as Statement[], ses: [] as Statement[] };
  const functionName = fn.Properties.FunctionName;
  const tracing = fn.Properties.TracingConfig?.Mode === 'Active';
  let grantsXRay = false;
  if (role.Properties.ManagedPolicyArns?.length) problems.push(`has managed policies ${JSON.stringify(role.Properties.ManagedPolicyArns)}`);
  for (const statement of roleStatements(role)) {
    if (statement.Effect !== 'Allow') continue;
    const services = new Set(statement.Action.map((action) => action.split(':')[0]));
    for (const action of statement.Action) {
      if (!/^[a-z0-9-]+:[A-Za-z]+$/.test(action)) problems.push(`action ${action} is not one exact action`);
    }
    if (services.size !== 1) {
      problems.push(`a statement mixes services ${[...services].join(', ')}`);
      continue;
    }
    const [service] = services;
    if (service === 'xray') {
      grantsXRay = true;
      if ([...statement.Action].sort().join() !== X_RAY_ACTIONS.join() || JSON.stringify(statement.Resource) !== '["*"]') {
        problems.push(`X-Ray statement must be exactly ${X_RAY_ACTIONS.join(', ')} on "*"`);
      }
    } else if (service === 'logs') {
      const ownGroup = JSON.stringify([
        { 'Fn::Join': [':', ['arn:aws:logs', { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, `log-group:/aws/lambda/${functionName}:*`]] },
      ]);
      if (statement.Action.some((action) => !['logs:CreateLogStream', 'logs:PutLogEvents'].includes(action))) {
        problems.push(`logs actions beyond CreateLogStream, PutLogEvents: ${statement.Action.join(', ')}`);
      }
      if (JSON.stringify(statement.Resource) !== ownGroup) problems.push(`logs statement on something else than its own log group: ${JSON.stringify(statement.Resource)}`);
    } else if (service === 'dynamodb' && statement.Resource.some((resource) => getAttOf(resource, 'StreamArn'))) {
      problems.push(...streamProblems(statement, fn, template));
      for (const resource of statement.Resource) dynamo.streams.add(getAttOf(resource, 'StreamArn') ?? JSON.stringify(resource));
    } else if (service === 'sqs') {
      problems.push(...queueProblems(statement, fn, template));
      others.sqs.push(statement);
    } else if (service === 'ses') {
      problems.push(...emailProblems(statement));
      others.ses.push(statement);
    } else if (service === 'dynamodb') {
      for (const action of statement.Action) dynamo.actions.add(action);
      for (const resource of statement.Resource) {
        if (JSON.stringify(resource).includes('*')) problems.push(`DynamoDB resource with a wildcard: ${JSON.stringify(resource)}`);
        const target = dynamoTarget(resource, template);
        if (typeof target === 'string') problems.push(target);
        else {
          dynamo.tables.add(target.table);
          if (target.index) dynamo.indexes.add(`${target.table}/${target.index}`);
        }
      }
    } else {
      problems.push(`grants ${service}, which this check does not know: teach test/delivery/stack.ts what it needs`);
    }
  }
  if (tracing && !grantsXRay) problems.push('traces with X-Ray but may not write traces');
  if (!tracing && grantsXRay) problems.push('may write X-Ray traces but does not trace');
  return { problems, dynamo, ...others };
}

// lib-dynamodb (document client) and client-dynamodb commands -> the IAM action they need.
const DOCUMENT_COMMANDS: Record<string, string[]> = {
  GetCommand: ['GetItem'],
  PutCommand: ['PutItem'],
  UpdateCommand: ['UpdateItem'],
  DeleteCommand: ['DeleteItem'],
  QueryCommand: ['Query'],
  ScanCommand: ['Scan'],
  BatchGetCommand: ['BatchGetItem'],
  BatchWriteCommand: ['BatchWriteItem'],
  TransactGetCommand: ['GetItem'],
  paginateQuery: ['Query'],
  paginateScan: ['Scan'],
};
const TRANSACT_WRITE = new Set(['TransactWriteCommand', 'TransactWriteItemsCommand']);

function actionsOf(imported: string, module: string): string[] | undefined {
  if (TRANSACT_WRITE.has(imported)) return []; // resolved from the items' kinds, below
  if (module === '@aws-sdk/lib-dynamodb') return DOCUMENT_COMMANDS[imported];
  if (imported === 'TransactGetItemsCommand') return ['GetItem'];
  if (/^paginate[A-Z]/.test(imported)) return [imported.slice('paginate'.length)];
  return imported.endsWith('Command') ? [imported.slice(0, -'Command'.length)] : undefined;
}

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * What a handler's code does with DynamoDB: esbuild bundles our own code (tree-shaken, so only what the
 * handler can reach) and leaves the SDK as imports; the DynamoDB commands it constructs give the actions,
 * its `tableName('x')` calls the tables, its IndexName values the indexes.
 */
export function dynamoUsage(handler: string) {
  const entry = path.join(root, `${handler.slice(0, handler.lastIndexOf('.'))}.ts`);
  const result = buildSync({ entryPoints: [entry], bundle: true, write: false, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
  return usageInCode(result.outputFiles[0]!.text);
}

export function usageInCode(code: string) {
  const problems: string[] = [];
  const actions = new Set<string>();
  const tables = new Set<string>();
  const indexes = new Set<string>();
  const commands = new Set<string>();
  for (const [, names, module] of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*["'](@aws-sdk\/(?:lib|client)-dynamodb)["']/g)) {
    for (const binding of names!.split(',').map((name) => name.trim()).filter(Boolean)) {
      const [imported, local = imported] = binding.split(/\s+as\s+/) as [string, string?];
      const used = new RegExp(`(new\\s+${local}\\s*\\(|\\b${local}\\s*\\()`).test(code);
      if (!used) continue;
      const granted = actionsOf(imported, module!);
      if (granted === undefined) {
        if (/Command$|^paginate/.test(imported)) problems.push(`uses ${imported}, which this check does not know: add it to test/delivery/stack.ts`);
        continue;
      }
      commands.add(imported);
      for (const action of granted) actions.add(`dynamodb:${action}`);
    }
  }
  if ([...commands].some((command) => TRANSACT_WRITE.has(command))) {
    // IAM checks each item of a transaction with its own action.
    const kinds: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' };
    for (const [, kind] of code.matchAll(/\b(Put|Update|Delete|ConditionCheck)\s*:\s*\{/g)) actions.add(`dynamodb:${kinds[kind!]}`);
  }
  for (const [, argument] of code.matchAll(/(?<!function\s+)\btableName\d*\(\s*([^)]*?)\s*\)/g)) {
    const literal = /^["']([A-Za-z]+)["']$/.exec(argument!)?.[1];
    if (literal) tables.add(`${pascal(literal)}Table`);
    else problems.push(`calls tableName(${argument}): name the table with a string literal so that its IAM can be checked`);
  }
  const constants = new Map([...code.matchAll(/\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*["']([^"']+)["']/g)].map(([, n, v]) => [n!, v!]));
  for (const [, value] of code.matchAll(/\bIndexName\s*:\s*([^,}\s]+)/g)) {
    const name = /^["'](.+)["']$/.exec(value!)?.[1] ?? constants.get(value!);
    if (name) indexes.add(name);
    else problems.push(`IndexName: ${value} cannot be read from the code: use a string constant`);
  }
  return { actions, tables, indexes, problems };
}

/** The routes a stage should expose: those of the route specs (shared/<service>/routes.ts) of the stage's services. */
export function expectedRoutes(services: string[]): string[] {
  return routesOf(services)
    .map((route) => (route.catchAll ? '$default' : `${route.method} ${route.path}`))
    .sort();
}

/** Packages under node_modules/ that only development needs (package-lock marks them `dev`). */
export function devPackages(): Set<string> {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  return new Set(
    Object.entries<Json>(lock.packages)
      .filter(([location, entry]) => location.startsWith('node_modules/') && entry.dev)
      .map(([location]) => location.slice('node_modules/'.length)),
  );
}

/** `../../node_modules/@scope/name/x.js` -> `@scope/name`; undefined for our own sources. */
export function packageOfSource(source: string): string | undefined {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source);
  return match?.[1];
}
