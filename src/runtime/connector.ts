/**
 * loadConnector(): the runtime a flow engine embeds. `execute` is a straight pipeline — validate the
 * connection and the input (fields compiled to zod, nested and RPC-provided fields included), run the
 * descriptor's checks, run its communication, map errors — and nothing in it knows any one module.
 */
import type { Field, Manifest, Module, Rpc, Connection } from './generated/descriptor.js';
import { loadDescriptors, type LoadedDescriptors } from './load/load-descriptors.js';
import { validateFields, type RpcFieldResolver } from './fields/validate-fields.js';
import { runCommunication, type RunContext } from './communication/run-communication.js';
import { ConnectionResponses, ResponseCache, Settling } from './communication/response-cache.js';
import { contentKey, primitivesKey } from './fields/content-key.js';
import { recordOf } from './load/parsed-on-read.js';
import { LRUCache } from 'lru-cache';
import type { Progress, RequestView } from './transport/transport-types.js';
import type { Pacer } from './pacing/pacer-contract.js';
import { sharedPacer } from './pacing/pacer.js';
import type { TransportConfig } from './transport/send.js';
import { evaluate, isTruthy } from './expressions/expressions.js';
import { connectionSecrets, DEFAULT_API_VERSION, DEFAULT_GRAPH_URL, type ConnectionValues } from './connection.js';
import { redactingLogger, secretsIn, silentLogger, type Logger } from './logger.js';
import { ValidationError, type FieldIssue } from './errors/validation-error.js';
import { scrubError } from './errors/scrub-error.js';
import { ConnectorError, DataError, isConnectorError, RuntimeError } from './errors/connector-error.js';
import { MemoryQuotaStore, type QuotaStore } from './quota/quota-store.js';
import type { ExecutableModuleId, ModuleInput, ModuleOutput, RpcId, RpcInput, RpcOutput } from './generated/modules.js';
import type { OnSending } from './transport/wire-mark.js';

export interface ExecutionContext {
  connection: ConnectionValues;
  signal?: AbortSignal | undefined;
  logger?: Logger | undefined;
  onProgress?: ((p: Progress) => void) | undefined;
  /**
   * Called just before a request that may change state (anything but a GET) leaves, after any pacing
   * wait: the last moment to journal "this may now reach Meta" (batch --resume). It may return a
   * promise (a mark in a shared store): the first byte waits for it, and a rejection stops the request.
   */
  onSending?: OnSending | undefined;
  /**
   * Called with each request just before it is sent (not for answers kept from earlier): method, URL and
   * body, never the headers. A throw stops that request before it leaves — a dry run that shows what a
   * module would send.
   */
  onRequest?: ((request: RequestView) => void) | undefined;
  /** Shared pacing (per sender / recipient); see src/runtime/pacing. */
  pacer?: Pacer | undefined;
  /** Override transport settings (tests, batch runs). */
  transport?: Partial<Pick<TransportConfig, 'maxThrottleRetries' | 'maxGetRetries' | 'maxWaitMs' | 'sleep' | 'timeoutMs'>> | undefined;
  /** Where local quotas (`x-quota`, e.g. an approved template's edits) are counted; default in memory, per loaded connector. */
  quotas?: QuotaStore | undefined;
  /** The clock local quotas count by (tests). */
  now?: (() => number) | undefined;
}

export interface ConnectionTestResult {
  ok: boolean;
  checks: Array<{ label: string; ok: boolean; reason?: string; error?: Record<string, unknown> }>;
}

export interface Connector {
  manifest: Manifest;
  connection: Connection;
  modules: Record<string, Module>;
  rpcs: Record<string, Rpc>;
  webhooks: Record<string, Record<string, unknown>>;
  /**
   * Runs a module whose id is known when the host is compiled: the input and the output are typed from
   * the module's descriptor (src/runtime/generated/modules.ts), so a misspelled id or field does not
   * compile. The input is validated at run time as well.
   */
  execute<M extends ExecutableModuleId>(moduleId: M, input: ModuleInput<M>, ctx: ExecutionContext): Promise<ModuleOutput<M>>;
  /**
   * The same run for an id known only at run time (a flow engine reading a module id from a saved flow,
   * a CLI argument): nothing is checked at compile time, every check happens at run time — an unknown id
   * is a DataError, bad input a ValidationError naming each field. Kept apart from `execute` so that a
   * typo in a literal id can never fall through to this untyped form.
   */
  executeDynamic(moduleId: string, input: unknown, ctx: ExecutionContext): Promise<unknown>;
  /** Calls an RPC (a select's options, the fields a template needs), typed by its id like `execute`. */
  rpc<R extends RpcId>(name: R, input: RpcInput<R>, ctx: ExecutionContext): Promise<RpcOutput<R>>;
  /** `rpc` for a name known only at run time; checked at run time only (see `executeDynamic`). */
  rpcDynamic(name: string, input: unknown, ctx: ExecutionContext): Promise<unknown>;
  testConnection(ctx: ExecutionContext): Promise<ConnectionTestResult>;
  /**
   * Forgets the answers kept per connection (template definitions, kept for a minute so a batch reads
   * each once): for one connection, or for all. The next execution reads them again — after editing a
   * template, for instance.
   */
  refresh(connection?: ConnectionValues): void;
}

export function loadConnector(options: { root?: string } = {}): Connector {
  const d: LoadedDescriptors = loadDescriptors(options.root);
  const errorTable = d.manifest.base.response?.['x-errors'] ?? {};
  const connectionFields = (d.connection.parameters ?? []) as Field[];
  const expressions = { functions: d.functions };
  const mediaHosts = d.manifest.base['x-mediaHosts'] ?? [];

  // Answers kept per connection, found by the connection's values, so a host that builds a new but equal
  // connection object for every execution still reads a template once.
  const responsesByConnection = new LRUCache<string, ConnectionResponses>({ max: 64 });
  const responsesFor = (connection: ConnectionValues): ConnectionResponses => {
    const key = contentKey(connection);
    let responses = responsesByConnection.get(key);
    if (!responses) {
      responses = new ConnectionResponses();
      responsesByConnection.set(key, responses);
    }
    return responses;
  };

  // A host reuses one connection object for many executions: validate it once (it is treated as immutable).
  type Checked = { connection: ConnectionValues; policy: RunContext['policy']; responses: ConnectionResponses };
  const checkedConnections = new WeakMap<object, Checked>();
  function checkedConnection(raw: ConnectionValues | undefined): Checked {
    const cached = raw && typeof raw === 'object' ? checkedConnections.get(raw) : undefined;
    if (cached) return cached;
    const checked = validateFields(connectionFields, raw ?? {});
    if (checked.issues.length > 0) {
      throw new ValidationError(
        checked.issues.map((i) => ({ path: `connection.${i.path}`, message: i.message })),
        'connection',
      );
    }
    const connection = { apiVersion: DEFAULT_API_VERSION, graphUrl: DEFAULT_GRAPH_URL, ...checked.value } as ConnectionValues;
    connection.graphUrl = String(connection.graphUrl).replace(/\/+$/, '');
    const base = String(evaluate(d.manifest.base.baseUrl, { connection }, expressions));
    const result = { connection, policy: { base, mediaHosts }, responses: responsesFor(connection) };
    if (raw && typeof raw === 'object') checkedConnections.set(raw, result);
    return result;
  }

  const memoryQuotas = new MemoryQuotaStore();

  function prepare(ctx: ExecutionContext, secrets: string[]) {
    if (!ctx || typeof ctx !== 'object') throw new ValidationError([{ path: 'ctx', message: 'an execution context with a connection is required' }]);
    const { connection, policy, responses } = checkedConnection(ctx.connection);
    const logger = ctx.logger ? redactingLogger(ctx.logger, () => secrets) : silentLogger;
    const transport: TransportConfig = {
      errorTable,
      timeoutMs: d.manifest.base.timeout ?? 30_000,
      logger,
      pacer: ctx.pacer ?? sharedPacer(),
      ...ctx.transport,
    };
    const run = (parameters: Record<string, unknown>, getCache: ResponseCache): RunContext => ({
      parameters,
      connection,
      transport,
      signal: ctx.signal,
      onProgress: ctx.onProgress,
      onSending: ctx.onSending,
      onRequest: ctx.onRequest,
      getCache,
      quotas: ctx.quotas ?? memoryQuotas,
      now: ctx.now,
      expressions,
      baseHeaders: d.manifest.base.headers,
      policy,
    });
    return { connection, run, secrets, responses };
  }

  async function runRpc(name: string, input: unknown, p: ReturnType<typeof prepare>, cache: ResponseCache): Promise<unknown> {
    const rpc = d.rpcs.get(name);
    if (!rpc) throw new DataError(`unknown RPC "${name}" (known: ${[...d.rpcs.keys()].join(', ')})`);
    const { value, issues } = validateFields(rpc.parameters ?? [], input ?? {});
    if (issues.length > 0) throw new ValidationError(issues, `rpc ${name}`);
    return (await runCommunication(rpc.communication, p.run(value, cache))).output;
  }

  /**
   * How long what an RPC answers may be kept per connection: as long as every answer it reads is kept
   * (a template's fields, made from its definition by pure functions), else not at all.
   */
  const keptMsOf = new Map<string, number | undefined>();
  /** The names of an RPC's parameters: what it is given from the values entered so far. */
  const paramNamesOf = new Map<string, string[]>();
  for (const [name, rpc] of d.rpcs) {
    paramNamesOf.set(
      name,
      (rpc.parameters ?? []).filter((f): f is Field => typeof f === 'object').map((f) => f.name),
    );
    const requests = rpc.communication === undefined ? [] : Array.isArray(rpc.communication) ? rpc.communication : [rpc.communication];
    const seconds = requests.map((r) => r['x-cacheSeconds']);
    keptMsOf.set(name, seconds.length > 0 && seconds.every((x) => x !== undefined) ? Math.min(...seconds) * 1000 : undefined);
  }

  /**
   * Fields an `rpc://` reference stands for: the RPC must answer a list of field descriptors. Answers are
   * kept for the execution — validation asks again once they have arrived, and gets them at once — and,
   * when the RPC's reads are kept per connection, for the connection: every send of a template then
   * validates against the same (frozen) field objects, whose compiled validators are found by identity.
   */
  function fieldResolver(p: ReturnType<typeof prepare>, cache: ResponseCache): RpcFieldResolver {
    const local = new Map<string, Settling<Field[]>>();
    return (url, values) => {
      const name = url.slice('rpc://'.length);
      const names = paramNamesOf.get(name) ?? [];
      const given = names.map((param) => values[param]);
      // The names are the RPC's own, in its order: the values alone tell two calls apart.
      const key = `fields ${name} ${primitivesKey(given) ?? contentKey(given)}`;
      const keptMs = keptMsOf.get(name);
      let entry = local.get(key) ?? (keptMs ? p.responses.get<Field[]>(key) : undefined);
      if (!entry) {
        const params = Object.fromEntries(names.map((param, i) => [param, given[i]]));
        const fields = runRpc(name, params, p, cache).then((out) => {
          if (!Array.isArray(out)) throw new RuntimeError(`rpc://${name} did not return a list of fields`);
          return out as Field[];
        });
        entry = keptMs ? p.responses.keep(key, fields, keptMs) : new Settling(fields);
      }
      local.set(key, entry);
      if (!entry.done) return entry.promise;
      if (entry.failed) throw entry.error;
      return entry.value!;
    };
  }

  const moduleFields = new Map<Module, Field[]>();
  const fieldsOf = (mod: Module): Field[] => {
    let fields = moduleFields.get(mod);
    if (!fields) {
      fields = Object.freeze([...(mod.parameters ?? []), ...(mod.expect ?? [])]) as Field[];
      moduleFields.set(mod, fields);
    }
    return fields;
  };

  /**
   * The module's own checks run too, so one run reports every problem — except a check about a field
   * that already has an issue (its value is missing, so the check would say nothing new).
   */
  function runChecks(mod: Module, input: unknown, value: Record<string, unknown>, issues: FieldIssue[], connection: ConnectionValues): void {
    const checks = mod['x-checks'];
    if (!checks) return;
    const fieldIssues = issues.length > 0 ? [...issues] : undefined;
    // With bad fields about, the validated value lacks them: read the input as given (best effort).
    const scope = { parameters: fieldIssues ? input : value, connection };
    for (const check of checks) {
      if (fieldIssues?.some((i) => related(i.path, check.field) || check['x-skipIfInvalid']?.some((f) => related(i.path, f)))) continue;
      let passed: boolean;
      try {
        passed = isTruthy(evaluate(check.condition, scope, expressions));
      } catch (error) {
        if (!fieldIssues) throw error;
        continue; // it read a value that failed validation elsewhere
      }
      if (!passed) issues.push({ path: check.field, message: String(evaluate(check.message, scope, expressions)) });
    }
  }

  async function execute(moduleId: string, input: unknown, ctx: ExecutionContext): Promise<unknown> {
    const mod = d.modules.get(moduleId);
    if (!mod) throw new DataError(`unknown module "${moduleId}" (known: ${[...d.modules.keys()].join(', ')})`);
    const secrets = [...connectionSecrets(ctx?.connection), ...secretsIn(input)];
    try {
      const p = prepare(ctx, secrets);
      const cache = new ResponseCache(p.responses);
      const validated = validateFields(fieldsOf(mod), input ?? {}, fieldResolver(p, cache));
      const { value, issues } = validated instanceof Promise ? await validated : validated;
      runChecks(mod, input, value, issues, p.connection);
      if (issues.length > 0) throw new ValidationError(issues, moduleId);
      if (mod.communication === undefined) throw new RuntimeError(`module "${moduleId}" runs from a webhook, not from execute()`);
      return (await runCommunication(mod.communication, p.run(value, cache))).output;
    } catch (error) {
      throw failure(error, secrets);
    }
  }

  async function rpc(name: string, input: unknown, ctx: ExecutionContext): Promise<unknown> {
    const secrets = [...connectionSecrets(ctx?.connection), ...secretsIn(input)];
    try {
      const p = prepare(ctx, secrets);
      return await runRpc(name, input, p, new ResponseCache(p.responses));
    } catch (error) {
      throw failure(error, secrets);
    }
  }

  async function testConnection(ctx: ExecutionContext): Promise<ConnectionTestResult> {
    const secrets = connectionSecrets(ctx?.connection);
    let p: ReturnType<typeof prepare>;
    try {
      p = prepare(ctx, secrets);
    } catch (error) {
      throw failure(error, secrets);
    }
    const checks: ConnectionTestResult['checks'] = [];
    for (const test of d.connection['x-tests'] ?? []) {
      try {
        await runCommunication(test.request, p.run({}, new ResponseCache()));
        checks.push({ label: test.label, ok: true });
      } catch (error) {
        const e = failure(error, p.secrets);
        const reasons = test.reasons ?? {};
        checks.push({ label: test.label, ok: false, reason: reasons[String(e.code)] ?? reasons.default, error: e.toJSON() });
        break; // later checks depend on earlier ones (no point testing the WABA with a dead token)
      }
    }
    return { ok: checks.every((c) => c.ok), checks };
  }

  return {
    manifest: d.manifest,
    connection: d.connection,
    // Read through to the set: a built-in module is parsed when it is first read.
    modules: recordOf(d.modules),
    rpcs: recordOf(d.rpcs),
    webhooks: recordOf(d.webhooks),
    // One implementation: the typed forms differ from the dynamic ones only at compile time.
    execute: execute as Connector['execute'],
    executeDynamic: execute,
    rpc: rpc as Connector['rpc'],
    rpcDynamic: rpc,
    testConnection,
    refresh(connection) {
      // An object never used for an execution cannot be told apart cheaply: forgetting more is harmless.
      const checked = connection && typeof connection === 'object' ? checkedConnections.get(connection) : undefined;
      if (checked) checked.responses.clear();
      else responsesByConnection.forEach((r) => r.clear());
    },
  };
}

/** Whether two field paths are the same field, or one lies inside the other. */
function related(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`) || b.startsWith(`${a}.`) || b.startsWith(`${a}[`);
}

/** What a caller sees of any failure: a ConnectorError with every secret taken out. */
function failure(error: unknown, secrets: readonly string[]): ConnectorError {
  return scrubError(isConnectorError(error) ? error : wrapUnknown(error), [...secrets]);
}

function wrapUnknown(error: unknown): ConnectorError {
  if (error instanceof Error && error.name === 'ExpressionError') return new DataError(error.message, { cause: error });
  return new RuntimeError(error instanceof Error ? error.message : String(error), { cause: error });
}
