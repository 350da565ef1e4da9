/**
 * Where the CLI reads its environment and writes its output, so that tests and the demo can run it in-process.
 * Results go to `stdout`; progress and messages go to `stderr`.
 */

/** A writable text stream, with `isTTY` when it is a terminal. */
export interface TextOut {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** The CLI's environment and streams. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: TextOut;
  stderr: TextOut;
  /** Working directory for `.temporal/` and relative paths. */
  cwd: string;
  /** Aborted on SIGINT/SIGTERM: commands stop waiting and clean up. */
  signal?: AbortSignal;
}

/** The real process's streams. */
export function processIo(signal?: AbortSignal): CliIo {
  return {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    ...(signal ? { signal } : {}),
  };
}
