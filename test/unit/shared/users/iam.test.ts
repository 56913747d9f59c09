// Least privilege: each users function may call only the DynamoDB action it uses, on the users table only.
import { roleStatements } from '../../../../config/cloudformation';
import { stageSettings } from '../../../../scripts/local-settings';

const { functions, resources } = stageSettings('prod');

const expected: Record<string, string> = {
  createUser: 'dynamodb:PutItem',
  getUser: 'dynamodb:GetItem',
  listUsers: 'dynamodb:Scan',
  deleteUser: 'dynamodb:DeleteItem',
};

describe('users functions IAM', () => {
  it.each(Object.entries(expected))('%s may call only %s, on the users table only', (name, action) => {
    const role = resources.Resources[functions[name]!.role]!;
    const statements = roleStatements(role);
    const dynamodbStatements = statements.filter((statement) => statement.Action.some((a) => a.startsWith('dynamodb:')));
    expect(dynamodbStatements).toEqual([
      { Effect: 'Allow', Action: [action], Resource: [{ 'Fn::GetAtt': ['UsersTable', 'Arn'] }] },
    ]);
    expect(JSON.stringify(statements)).not.toMatch(/dynamodb:\*|"Resource":"\*".*dynamodb/);
  });

  it('declares the users table keyed on userId, with the stage durability settings', () => {
    const table = resources.Resources.UsersTable!;
    expect(table.Properties).toMatchObject({
      TableName: 'serverless-api-prod-users',
      KeySchema: [{ AttributeName: 'userId', KeyType: 'HASH' }],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    expect(table.DeletionPolicy).toBe('Retain');
  });
});
