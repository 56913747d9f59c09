// `npm run lint:templates [-- dist/prod ...]`: checks packaged CloudFormation templates against AWS's current
// resource specification (@aws-cdk/aws-service-spec, the data the CDK itself is generated from).
// AWS's own linter (Python cfn-lint) cannot be installed here and the npm `cfn-lint` carries a 2019 spec, so
// this checks what a spec can prove: every resource type exists; every property name, nested ones included, is
// valid and every required one present; literal values have the right shape; every Ref, Fn::GetAtt (attribute
// included), Fn::Sub variable and DependsOn names something that exists; deletion policies are valid.
import fs from 'node:fs';
import path from 'node:path';
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
interface SpecType {
  type: string;
  reference?: { $ref: string };
  element?: SpecType;
  types?: SpecType[];
}
interface SpecProperty {
  type: SpecType;
  required?: boolean;
}

let database: ReturnType<typeof loadAwsServiceSpecSync> | undefined;
const db = () => (database ??= loadAwsServiceSpecSync());

const POLICIES = ['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot'];
const isIntrinsic = (value: Json) =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 &&
  (Object.keys(value)[0] === 'Ref' || Object.keys(value)[0]!.startsWith('Fn::') || Object.keys(value)[0] === 'Condition');

function resourceSpec(type: string) {
  return db().lookup('resource', 'cloudFormationType', 'equals', type)[0];
}

function typeProperties(type: SpecType): Record<string, SpecProperty> | undefined {
  if (type.type !== 'ref' || !type.reference) return undefined;
  return (db().get('typeDefinition', type.reference.$ref) as { properties: Record<string, SpecProperty> }).properties;
}

function checkValue(value: Json, type: SpecType, where: string, problems: string[]): void {
  if (isIntrinsic(value)) return;
  switch (type.type) {
    case 'string':
      if (typeof value !== 'string' && typeof value !== 'number') problems.push(`${where}: expected a string`);
      return;
    case 'integer':
    case 'number':
      if (typeof value !== 'number' && !(typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))) problems.push(`${where}: expected a number`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') problems.push(`${where}: expected a boolean`);
      return;
    case 'array':
      if (!Array.isArray(value)) problems.push(`${where}: expected a list`);
      else value.forEach((item, index) => checkValue(item, type.element!, `${where}[${index}]`, problems));
      return;
    case 'map':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) problems.push(`${where}: expected a map`);
      else for (const [key, item] of Object.entries(value)) checkValue(item, type.element!, `${where}.${key}`, problems);
      return;
    case 'tag':
      if (typeof value !== 'object' || value === null || !('Key' in value) || !('Value' in value)) problems.push(`${where}: expected {Key, Value}`);
      return;
    case 'ref':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) problems.push(`${where}: expected an object`);
      else checkProperties(value, typeProperties(type)!, where, problems);
      return;
    case 'union': {
      const attempts = type.types!.map((option) => {
        const found: string[] = [];
        checkValue(value, option, where, found);
        return found;
      });
      if (attempts.every((found) => found.length > 0)) problems.push(...attempts[0]!);
      return;
    }
    default: // json: any shape
  }
}

function checkProperties(values: Record<string, Json>, spec: Record<string, SpecProperty>, where: string, problems: string[]): void {
  for (const [name, value] of Object.entries(values)) {
    const property = spec[name];
    if (!property) problems.push(`${where}: unknown property ${name}`);
    else checkValue(value, property.type, `${where}.${name}`, problems);
  }
  for (const [name, property] of Object.entries(spec)) {
    if (property.required && !(name in values)) problems.push(`${where}: missing required property ${name}`);
  }
}

/** Every Ref / GetAtt / Sub / Condition reference inside a value. */
function checkReferences(value: Json, template: Json, where: string, problems: string[]): void {
  if (Array.isArray(value)) return value.forEach((item, index) => checkReferences(item, template, `${where}[${index}]`, problems));
  if (value === null || typeof value !== 'object') return;
  const resources = template.Resources ?? {};
  const known = (name: string) => name.startsWith('AWS::') || name in resources || name in (template.Parameters ?? {});
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'Ref' && typeof inner === 'string' && !known(inner)) problems.push(`${where}: Ref to unknown ${inner}`);
    if (key === 'Fn::GetAtt') {
      const [logicalId, attribute] = Array.isArray(inner) ? inner : String(inner).split(/\.(.*)/);
      const target = resources[logicalId];
      if (!target) problems.push(`${where}: Fn::GetAtt on unknown resource ${logicalId}`);
      else {
        const spec = resourceSpec(target.Type);
        if (spec && !(attribute in spec.attributes)) problems.push(`${where}: ${target.Type} has no attribute ${attribute}`);
      }
    }
    if (key === 'Fn::Sub') {
      const [text, variables = {}] = Array.isArray(inner) ? inner : [inner];
      for (const [, name] of String(text).matchAll(/\$\{([^!}][^}]*)\}/g)) {
        const base = name!.split('.')[0]!;
        if (!(name! in variables) && !known(base)) problems.push(`${where}: Fn::Sub names unknown ${name}`);
      }
    }
    checkReferences(inner, template, `${where}.${key}`, problems);
  }
}

/** The problems in one template; an empty list means it passed. */
export function lintTemplate(template: Json): string[] {
  const problems: string[] = [];
  for (const [logicalId, resource] of Object.entries<Json>(template.Resources ?? {})) {
    const where = `Resources.${logicalId}`;
    if (resource.Type.startsWith('Custom::') || resource.Type === 'AWS::CloudFormation::CustomResource') continue;
    const spec = resourceSpec(resource.Type);
    if (!spec) {
      problems.push(`${where}: unknown resource type ${resource.Type}`);
      continue;
    }
    checkProperties(resource.Properties ?? {}, spec.properties as Record<string, SpecProperty>, `${where}.Properties`, problems);
    for (const policy of ['DeletionPolicy', 'UpdateReplacePolicy']) {
      if (policy in resource && !POLICIES.includes(resource[policy])) problems.push(`${where}: invalid ${policy} ${resource[policy]}`);
    }
    if (resource.DeletionPolicy === 'Snapshot' && resource.Type === 'AWS::DynamoDB::Table') {
      problems.push(`${where}: DynamoDB tables do not support the Snapshot policy`);
    }
    for (const dependency of [resource.DependsOn ?? []].flat()) {
      if (!(dependency in template.Resources)) problems.push(`${where}: DependsOn unknown ${dependency}`);
    }
    checkReferences(resource.Properties ?? {}, template, `${where}.Properties`, problems);
  }
  checkReferences(template.Outputs ?? {}, template, 'Outputs', problems);
  return problems;
}

export const templatePath = (packageDir: string) => path.join(packageDir, 'cloudformation-template-update-stack.json');

if (require.main === module) {
  const dirs = process.argv.slice(2);
  const targets = dirs.length > 0 ? dirs : fs.readdirSync('dist').map((stage) => path.join('dist', stage));
  let failed = false;
  for (const dir of targets) {
    const problems = lintTemplate(JSON.parse(fs.readFileSync(templatePath(dir), 'utf8')));
    console.log(`${templatePath(dir)}: ${problems.length === 0 ? 'ok' : `${problems.length} problem(s)`}`);
    for (const problem of problems) console.log(`  ${problem}`);
    failed ||= problems.length > 0;
  }
  process.exit(failed ? 1 : 0);
}
