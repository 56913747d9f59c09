// Types for tests that call scripts/deployed-stage.cjs directly.
export declare function deployedStage(argv: string[], usage: string): string;
