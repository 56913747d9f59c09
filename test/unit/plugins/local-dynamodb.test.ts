// The local-stage plugin: a missing Java is one clear line, not a stack trace from DynamoDB Local.
import LocalDynamoDb from '../../../plugins/local-dynamodb.cjs';

class ServerlessError extends Error {}
const serverlessFor = (stage: string) => ({ service: { provider: { stage } }, classes: { Error: ServerlessError } });

describe('local DynamoDB plugin', () => {
  const path = process.env.PATH;
  afterEach(() => {
    process.env.PATH = path;
  });

  it('says what to install when Java is missing', () => {
    process.env.PATH = '/nonexistent';
    const plugin = new LocalDynamoDb(serverlessFor('local'), {});
    expect(() => plugin.checkJava()).toThrow(
      new ServerlessError('DynamoDB Local needs Java 17 or later: install it (Debian/Ubuntu: apt-get install openjdk-17-jre-headless) and run again.'),
    );
  });

  it('passes when Java is installed', () => {
    const plugin = new LocalDynamoDb(serverlessFor('local'), {});
    expect(() => plugin.checkJava()).not.toThrow();
  });

  it('does not look for Java in a deployed stage', () => {
    process.env.PATH = '/nonexistent';
    const plugin = new LocalDynamoDb(serverlessFor('prod'), {});
    expect(() => plugin.checkJava()).not.toThrow();
  });
});
