/** Placeholder replaced by the batch runner (issue 6); until then a batch is refused plainly. */
import type { CliContext } from '../context.js';
import type { ConnectionValues } from '../../runtime/index.js';
import type { RunOptions } from './run.js';
import { UsageError } from '../exit-codes.js';

export async function runBatch(_ctx: CliContext, _moduleId: string, _connection: ConnectionValues, _opts: RunOptions): Promise<number> {
  throw new UsageError('--batch is not available yet');
}
