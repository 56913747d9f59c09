// How a bench entry point ends: the servers it started (sls offline, stand-ins) would keep the process alive,
// so it exits 0 once `main` resolves, and prints the error and exits 1 when it rejects.
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
