/** Checks and normalises the receiver's options once, with a clear message for each mistake. */
import { InvalidConfigurationError } from '../runtime/errors/index.js';
import { redactingLogger, silentLogger, type Logger } from '../runtime/logger.js';
import { UnverifiedBytesBudget } from './body-budget.js';
import { DEFAULT_IN_FLIGHT_WAIT_MS, DEFAULT_MAX_UNVERIFIED_BYTES } from './defaults.js';
import { MemoryDedupeStore, type DedupeStore } from './dedupe.js';
import { compileFilters, refusedFilterValues, unknownFilterValues, type BundlePredicate } from '../../functions/webhook-filters.js';
import { DEFAULT_MAX_BODY_BYTES } from './raw-body.js';
import { RAW_HAND_OVER, type RawHandOver, type WithRawHandOver } from './raw-hand-over.js';
import type { WebhookRouterOptions } from './webhook-types.js';

export interface ResolvedOptions {
  verifyToken: string;
  appSecrets: string[];
  /** True only when there is no secret and the insecure mode was asked for explicitly. */
  unsigned: boolean;
  onBundles: WebhookRouterOptions['onBundles'];
  /** The internal hand-over given the raw bytes too (raw-hand-over.ts); used instead of onBundles when set. */
  rawHandOver: RawHandOver | undefined;
  keep: BundlePredicate;
  dedupeStore: DedupeStore;
  logger: Logger;
  maxBodyBytes: number;
  maxUnverifiedBytes: number;
  inFlightWaitMs: number;
}

function positiveInteger(value: number | undefined, fallback: number, name: string, zeroAllowed = false): number {
  const n = value ?? fallback;
  if (!Number.isSafeInteger(n) || n < (zeroAllowed ? 0 : 1)) {
    throw new InvalidConfigurationError(`webhook receiver: ${name} must be a ${zeroAllowed ? 'non-negative' : 'positive'} integer`);
  }
  return n;
}

export function resolveOptions(options: WebhookRouterOptions): ResolvedOptions {
  if (!options || typeof options !== 'object') throw new InvalidConfigurationError('webhook receiver: options are required');
  if (typeof options.verifyToken !== 'string' || options.verifyToken.length === 0) {
    throw new InvalidConfigurationError('webhook receiver: a verify token is required (the value you enter in the Meta app dashboard)');
  }
  const secrets = options.appSecrets ?? [];
  if (!Array.isArray(secrets) || secrets.some((s) => typeof s !== 'string' || s.length === 0)) {
    throw new InvalidConfigurationError('webhook receiver: appSecrets must be a list of non-empty strings');
  }
  if (secrets.length === 0 && options.allowUnsigned !== true) {
    throw new InvalidConfigurationError(
      'webhook receiver: no app secret configured, so deliveries cannot be verified; give the app secret (Meta app dashboard → App settings → Basic) or explicitly allow unsigned deliveries (insecure)',
    );
  }
  if (typeof options.onBundles !== 'function') throw new InvalidConfigurationError('webhook receiver: onBundles must be a function');
  const maxBodyBytes = positiveInteger(options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES, 'maxBodyBytes');
  const maxUnverifiedBytes = positiveInteger(options.maxUnverifiedBytes, DEFAULT_MAX_UNVERIFIED_BYTES, 'maxUnverifiedBytes');
  if (new UnverifiedBytesBudget(maxUnverifiedBytes).largeCeiling < maxBodyBytes) {
    throw new InvalidConfigurationError('webhook receiver: maxUnverifiedBytes is too small for one body of maxBodyBytes (a quarter of it, at most 8 MiB, is kept for small bodies)');
  }
  const inFlightWaitMs = positiveInteger(options.inFlightWaitMs, DEFAULT_IN_FLIGHT_WAIT_MS, 'inFlightWaitMs', true);
  const logger = redactingLogger(options.logger ?? silentLogger, () => [...secrets, options.verifyToken ?? '']);
  const refused = refusedFilterValues(options.filters ?? {});
  if (refused !== undefined) throw new InvalidConfigurationError(`webhook receiver: filters: ${refused}`);
  const unknown = unknownFilterValues(options.filters ?? {});
  if (unknown.length > 0) logger.warn({ unknown }, 'webhook filters name values this receiver does not know; they are applied as given');
  return {
    verifyToken: options.verifyToken,
    appSecrets: [...secrets],
    unsigned: secrets.length === 0,
    onBundles: options.onBundles,
    rawHandOver: typeof (options as WithRawHandOver)[RAW_HAND_OVER] === 'function' ? (options as WithRawHandOver)[RAW_HAND_OVER] : undefined,
    keep: compileFilters(options.filters),
    dedupeStore: options.dedupeStore ?? new MemoryDedupeStore(),
    logger,
    maxBodyBytes,
    maxUnverifiedBytes,
    inFlightWaitMs,
  };
}
