/** Commands printed for a user to paste into a POSIX shell (describe's examples, doctor's fixes, the playground). */

/** One shell word: inside single quotes nothing is special but the quote itself, which is closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** `wabc run <module> --input '<json>'`, runnable as printed. */
export function wabcRunCommand(moduleId: string, input: unknown): string {
  return `wabc run ${moduleId} --input ${shellQuote(JSON.stringify(input))}`;
}
