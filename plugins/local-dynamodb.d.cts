// Types for tests that load the plugin directly.
declare class LocalDynamoDb {
  constructor(serverless: unknown, options: unknown);
  hooks: Record<string, () => unknown>;
  checkJava(): void;
  prepareTables(): void;
}
export = LocalDynamoDb;
