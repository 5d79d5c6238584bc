// Run by `npm run build` after tsc: loads the descriptor folder with every check (the JSON Schema of the
// format, the expression grammar, references between files) and fails the build on any problem. The set
// embedded in the build is that folder, so loadConnector() need not check it again at run time.
import { fileURLToPath } from 'node:url';
import { loadDescriptors } from '../dist/src/runtime/load/load-descriptors.js';

try {
  // A folder may be given (tests check that a broken copy is refused); by default the package's own.
  loadDescriptors(process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url)));
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
