// Types for tests that call scripts/rollback-stage.cjs directly.
export interface Deployment {
  timestamp: string;
  files: string[];
}
export type Sls = (args: string[], options?: { capture?: boolean }) => { status: number; stdout: string };
export declare function deploymentsIn(listOutput: string): Deployment[];
export declare function rollbackTarget(deployments: Deployment[], requested?: string): string;
export declare function rollBack(stage: string, requestedTimestamp: string | undefined, sls?: Sls, log?: Pick<Console, 'log' | 'error'>): number;
