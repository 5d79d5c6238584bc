/**
 * import() of a package, for code that may run inside the `wabc` bin's bundle: it runs as a script
 * compiled from V8's code cache, where Node 20 cannot run an import() of its own ("A dynamic import
 * callback was not specified"), so the bin lends its import() (src/cli/bin.ts). Elsewhere it is import().
 */
export const LENT_IMPORT = Symbol.for('whatsapp-business-cloud-connector.import');

export function importPackage<T>(specifier: string): Promise<T> {
  const lent = (globalThis as { [LENT_IMPORT]?: (specifier: string) => Promise<unknown> })[LENT_IMPORT];
  return (lent ? lent(specifier) : import(specifier)) as Promise<T>;
}
