// The functions serverless.yml deploys, one per route spec (shared/<service>/routes.ts), nothing written twice:
//   name      the route's `functionName`, else its operationId
//   handler   functions/<service>/<name in kebab case>.handler   (the one convention for where a handler lives)
//   event     its method and path as an httpApi route; `catchAll` routes are API Gateway's $default route
//   role      its own, granting its log group, exactly the DynamoDB access its `data` declares, its raw `iam`
//             statements, and X-Ray in stages that trace
//   settings  its environment (config/environment.ts) and the Lambda settings it declares (`lambda`)
import type { DataAccess, IamStatement, RouteSpec } from '../shared/http/route';
import { pascal, type CfnResource, type Resources } from './cloudformation';
import type { EnvironmentBuilder } from './environment';
import { tableLogicalId } from './tables';

export interface FunctionDefinition {
  handler: string;
  description: string;
  events: ({ httpApi: '*' } | { httpApi: { method: string; path: string } })[];
  role: string;
  environment: Record<string, string>;
  timeout?: number;
  memorySize?: number;
  package?: { patterns: string[] };
}

export const functionNameOf = (route: RouteSpec): string => route.functionName ?? route.operationId;
const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
/** Where the handler of a route lives: `functions/users/get-user.ts`, exporting `handler`. */
export const handlerFileOf = (route: RouteSpec): string => `functions/${route.service}/${kebab(functionNameOf(route))}.ts`;

/** A route whose function calls another service (DynamoDB, or AWS APIs through `iam`): only those trace their calls. */
export const callsDownstream = (route: RouteSpec): boolean => Boolean(route.data?.length || route.iam?.length);

function dataStatement({ table, actions, index, leadingKeys }: DataAccess): IamStatement {
  const tableArn = { 'Fn::GetAtt': [tableLogicalId(table), 'Arn'] };
  const resource = index ? { 'Fn::Join': ['/', [tableArn, 'index', index]] } : tableArn;
  const statement: IamStatement = { Effect: 'Allow', Action: actions.map((action) => `dynamodb:${action}`), Resource: [resource] };
  if (leadingKeys) {
    const operator = leadingKeys.some((key) => key.includes('*')) ? 'ForAllValues:StringLike' : 'ForAllValues:StringEquals';
    statement.Condition = { [operator]: { 'dynamodb:LeadingKeys': [...leadingKeys] } };
  }
  return statement;
}

function roleOf(functionName: string, route: RouteSpec, tracing: boolean): CfnResource {
  const statements: IamStatement[] = [
    {
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [
        {
          'Fn::Join': [':', ['arn:aws:logs', { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, `log-group:/aws/lambda/${functionName}:*`]],
        },
      ],
    },
    ...(route.data ?? []).map(dataStatement),
    ...(route.iam ?? []),
  ];
  if (tracing) {
    // X-Ray's write actions support no resource-level scoping: "*" is the only valid resource.
    statements.push({ Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' });
  }
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }],
      },
      Policies: [{ PolicyName: `${functionName}-policy`, PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
    },
  };
}

/** The functions of these routes, and the role of each. */
export function functionsOf(routes: RouteSpec[], prefix: string, tracing: boolean, environment: EnvironmentBuilder) {
  const functions: Record<string, FunctionDefinition> = {};
  const roles: Resources = {};
  for (const route of routes) {
    const name = functionNameOf(route);
    if (functions[name]) throw new Error(`Two routes deploy a function named ${name}: give one a functionName`);
    const roleId = `${pascal(name)}Role`;
    roles[roleId] = roleOf(`${prefix}-${name}`, route, tracing);
    const { timeoutSeconds, memoryMb, files } = route.lambda ?? {};
    functions[name] = {
      handler: handlerFileOf(route).replace(/\.ts$/, '.handler'),
      description: route.catchAll ? `Every request no route matches: ${route.summary}` : `${route.method} ${route.path}: ${route.summary}`,
      events: [route.catchAll ? { httpApi: '*' } : { httpApi: { method: route.method, path: route.path } }],
      role: roleId,
      environment: environment.of(route),
      ...(timeoutSeconds ? { timeout: timeoutSeconds } : {}),
      ...(memoryMb ? { memorySize: memoryMb } : {}),
      ...(files ? { package: { patterns: [...files] } } : {}),
    };
  }
  return { functions, roles };
}
