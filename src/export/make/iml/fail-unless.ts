/**
 * Make has no directive that refuses a module's input before its request goes out; a custom IML function
 * that throws does it. The export calls it from a request's `temp` with each of the module's checks.
 */
export function failUnless(ok: unknown, message: unknown, field?: unknown): boolean {
  if (ok) return true;
  throw new Error(field ? `${String(field)}: ${String(message)}` : String(message));
}
