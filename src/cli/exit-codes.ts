/** 0 = ok, 1 = the API or the runtime failed, 2 = invalid input or usage, 130 / 143 = stopped by Ctrl-C / SIGTERM. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** The shell's codes for a program ended by a signal (128 + its number). */
export const EXIT_SIGNAL = { SIGINT: 130, SIGTERM: 143 } as const;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A port another process holds, as a usage error that says what to do; any other error as it was. */
export function usageIfPortTaken(error: unknown, port: number): unknown {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE' ? new UsageError(`port ${port} is in use: pick another with --port (0 for any free one)`) : error;
}
