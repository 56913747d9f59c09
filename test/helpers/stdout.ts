// What a function logs: its JSON lines on stdout, caught for the test instead of printed.

/** Catches what is written to stdout until `restore()`; `lines()` parses each line as the JSON log line it is. */
export function captureStdout(): { lines: () => Record<string, unknown>[]; restore: () => void } {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return {
    lines: () => chunks.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line)),
    restore: () => spy.mockRestore(),
  };
}

/** Catches stdout around each test of the enclosing `describe`; the returned function gives the current test's catch. */
export function catchStdoutInEachTest(): () => ReturnType<typeof captureStdout> {
  let caught: ReturnType<typeof captureStdout> | undefined;
  beforeEach(() => {
    caught = captureStdout();
  });
  afterEach(() => caught?.restore());
  return () => caught!;
}
