/**
 * import() of a package, for code that may run inside the `wabc` bin's bundle: it runs as a script
 * compiled from V8's code cache, where Node 20 cannot run an import() of its own ("A dynamic import
 * callback was not specified"), so the bin lends its import() (src/cli/bin.ts). Elsewhere it is import().
 */
const LENT_IMPORT = Symbol.for('whatsapp-business-cloud-connector.import');

type Importer = (specifier: string) => Promise<unknown>;
const holder = globalThis as { [LENT_IMPORT]?: Importer };

/** Lends an import() to the bundle's code (called by the bin before it runs the bundle). */
export function lendImport(importer: Importer): void {
  holder[LENT_IMPORT] = importer;
}

export function importPackage<T>(specifier: string): Promise<T> {
  const lent = holder[LENT_IMPORT];
  return (lent ? lent(specifier) : import(specifier)) as Promise<T>;
}
