/* Generated from schemas/descriptor.schema.json by `npm run gen`. Do not edit by hand. */

/**
 * This interface was referenced by `ConnectorDescriptors`'s JSON-Schema
 * via the `definition` "FieldType".
 */
export type FieldType =
  | 'text'
  | 'number'
  | 'uinteger'
  | 'integer'
  | 'boolean'
  | 'select'
  | 'collection'
  | 'array'
  | 'buffer'
  | 'filename'
  | 'email'
  | 'url'
  | 'date'
  | 'json'
  | 'hidden'
  | 'any';
/**
 * This interface was referenced by `ConnectorDescriptors`'s JSON-Schema
 * via the `definition` "RpcUrl".
 */
export type RpcUrl = string;
/**
 * This interface was referenced by `ConnectorDescriptors`'s JSON-Schema
 * via the `definition` "Nested".
 */
export type Nested = RpcUrl | (Field | RpcUrl)[];
/**
 * Any JSON value; strings may contain {{ }} expressions (docs/expressions.md).
 *
 * This interface was referenced by `ConnectorDescriptors`'s JSON-Schema
 * via the `definition` "ExpressionValue".
 */
export type ExpressionValue = unknown;
/**
 * This interface was referenced by `ConnectorDescriptors`'s JSON-Schema
 * via the `definition` "Fields".
 */
export type Fields = (Field | RpcUrl)[];
/**
 * This interface was referenced by `ConnectorDescriptors`'s JSON-Schema
 * via the `definition` "Request".
 */
export type Request = Request1 & {
  /**
   * Start from this RPC's request; keys given here override it (deep merge).
   */
  'x-extends'?: string;
  url?: string;
  method?: ('GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE') | string;
  qs?:
    | {
        [k: string]: unknown;
      }
    | string;
  headers?:
    | {
        [k: string]: unknown;
      }
    | string;
  body?: ExpressionValue;
  type?: 'json' | 'multipart/form-data' | 'binary';
  condition?: string | boolean;
  temp?: {
    [k: string]: unknown;
  };
  response?: Response;
  pagination?: Pagination;
  /**
   * A GET whose answer is kept per connection for this many seconds (a template's definition), so a batch reads it once, not once per row; connector.refresh() forgets it sooner.
   */
  'x-cacheSeconds'?: number;
  /**
   * The url may be absolute; the token is then sent only to the Graph host or a Meta media host, and any other host is refused.
   */
  'x-absoluteUrl'?: boolean;
  /**
   * When this request answers one of these statuses, run the communication again from its first request (e.g. an expired media URL).
   */
  'x-restartOn'?: {
    status: number[];
    limit?: number;
  };
  /**
   * This request sends a message: pace it per sender and per recipient pair (templates).
   */
  'x-pace'?: {
    sender?: string;
    recipient?: string;
  };
  /**
   * Meta error codes whose answer is still this request's result (a partial success, e.g. 139100 when only some users could be blocked): its body is mapped like a success.
   */
  'x-answerCodes'?: number[];
  /**
   * A local quota, for limits Meta enforces per object with no way to ask first (an approved template's edits): the request is refused before it leaves when a window is full, with the time left, and counted once it succeeded.
   */
  'x-quota'?: {
    /**
     * What is counted (an expression), e.g. the template id.
     */
    key: string;
    /**
     * Counts only when truthy (e.g. the template is approved).
     */
    when?: string | boolean;
    /**
     * @minItems 1
     */
    limits: [
      {
        max: number;
        windowSeconds: number;
      },
      ...{
        max: number;
        windowSeconds: number;
      }[]
    ];
    /**
     * What is refused; the windows and the time left are added.
     */
    message: string;
  };
};
export type Request1 = {
  [k: string]: unknown;
};
/**
 * This interface was referenced by `ConnectorDescriptors`'s JSON-Schema
 * via the `definition` "Communication".
 */
export type Communication = Request | [Request, ...Request[]];

/**
 * The connector's descriptor format: a subset of Make's custom-app component model (parameters, expect, interface, communication). Keys starting with x- are our extensions, which a Make export drops.
 */
export interface ConnectorDescriptors {
  FieldType?: FieldType;
  RpcUrl?: RpcUrl;
  Option?: Option;
  OptionsStore?: OptionsStore;
  Nested?: Nested;
  Validate?: Validate;
  Field?: Field;
  Fields?: Fields;
  ExpressionValue?: ExpressionValue;
  Pagination?: Pagination;
  Response?: Response;
  Request?: Request;
  Communication?: Communication;
  Check?: Check;
  Module?: Module;
  Rpc?: Rpc;
  Connection?: Connection;
  ErrorRule?: ErrorRule;
  Manifest?: Manifest;
  Webhook?: Webhook;
}
/**
 * This interface was referenced by `ConnectorDescriptors`'s JSON-Schema
 * via the `definition` "Option".
 */
export interface Option {
  label?: string;
  value: string | number | boolean;
  description?: string;
  default?: boolean;
  nested?: Nested;
  /**
   * A preset among event names: the option stands for the events it lists.
   *
   * @minItems 1
   */
  'x-includes'?: [string, ...string[]];
}
/**
 * This interface was referenced by `ConnectorDescriptors`'s JSON-Schema
 * via the `definition` "Field".
 */
export interface Field {
  name: string;
  label?: string;
  help?: string;
  type: FieldType;
  required?: boolean;
  default?: ExpressionValue;
  advanced?: boolean;
  mappable?: boolean;
  multiline?: boolean;
  multiple?: boolean;
  semantic?: string;
  options?: RpcUrl | Option[] | OptionsStore;
  nested?: Nested;
  spec?: Field | Field[];
  validate?: Validate;
  /**
   * Make's embedded JSON Schema for the value (checked with ajv).
   */
  schema?:
    | {
        [k: string]: unknown;
      }
    | boolean;
  /**
   * recipient: a phone number or WhatsApp ID becomes +E.164; a business-scoped user ID passes through.
   */
  'x-normalize'?: 'recipient';
  /**
   * For a collection: exactly one of these keys must be given.
   *
   * @minItems 2
   */
  'x-exactlyOne'?: [string, string, ...string[]];
  /**
   * For an array of collections: this key must be unique across items.
   */
  'x-unique'?: string;
}
/**
 * This interface was referenced by `ConnectorDescriptors`'s JSON-Schema
 * via the `definition` "OptionsStore".
 */
export interface OptionsStore {
  store: RpcUrl | Option[];
  nested?: Nested;
  placeholder?: string;
}
/**
 * This interface was referenced by `ConnectorDescriptors`'s JSON-Schema
 * via the `definition` "Validate".
 */
export interface Validate {
  min?: number;
  max?: number;
  pattern?: string;
  /**
   * What a value that fails `pattern` is told, instead of the regular expression (e.g. "must not start or end with a space").
   */
  'x-patternMessage'?: string;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
}
/**
 * This interface was referenced by `ConnectorDescriptors`'s JSON-Schema
 * via the `definition` "Pagination".
 */
export interface Pagination {
  mergeWithParent?: boolean;
  qs?: {
    [k: string]: unknown;
  };
  condition?: string | boolean;
  'x-maxPages'?: number;
}
/**
 * This interface was referenced by `ConnectorDescriptors`'s JSON-Schema
 * via the `definition` "Response".
 */
export interface Response {
  output?: ExpressionValue;
  iterate?: string;
  limit?: string | number;
  temp?: {
    [k: string]: unknown;
  };
  valid?: string | boolean;
  error?: {
    message?: string;
    type?: string;
  };
  /**
   * Treat the answer as a file: stream it to `to` (a path or directory) or into memory, and check it.
   */
  'x-download'?: {
    to?: string;
    fileName?: string;
    sha256?: string;
    size?: string;
    mimeType?: string;
    maxInMemoryBytes?: number;
  };
}
/**
 * This interface was referenced by `ConnectorDescriptors`'s JSON-Schema
 * via the `definition` "Check".
 */
export interface Check {
  /**
   * An expression; a falsy value fails the check.
   */
  condition: string;
  field: string;
  message: string;
  /**
   * Fields the condition reads besides `field`: when one of them is already invalid, the check is skipped.
   */
  'x-skipIfInvalid'?: string[];
}
/**
 * This interface was referenced by `ConnectorDescriptors`'s JSON-Schema
 * via the `definition` "Module".
 */
export interface Module {
  $schema?: string;
  label: string;
  description: string;
  moduleType: 'action' | 'search' | 'instant_trigger' | 'universal';
  actionCrud?: 'create' | 'read' | 'update' | 'delete' | null;
  connection?: string | null;
  webhook?: string;
  parameters?: Fields;
  expect?: Fields;
  interface?: {
    [k: string]: unknown;
  }[];
  samples?: ExpressionValue;
  communication?: Communication;
  'x-checks'?: Check[];
  'x-examples'?: {
    title: string;
    input: {};
    /**
     * What must be so before the example succeeds against `wabc sandbox` that its seed does not give (a customer who wrote, a file in the current folder); `wabc describe` prints it. Without it the example runs as printed against a fresh sandbox.
     */
    needs?: string;
  }[];
}
/**
 * This interface was referenced by `ConnectorDescriptors`'s JSON-Schema
 * via the `definition` "Rpc".
 */
export interface Rpc {
  $schema?: string;
  label: string;
  description?: string;
  connection?: string | null;
  parameters?: Fields;
  communication: Communication;
}
/**
 * This interface was referenced by `ConnectorDescriptors`'s JSON-Schema
 * via the `definition` "Connection".
 */
export interface Connection {
  $schema?: string;
  label: string;
  description?: string;
  parameters: Fields;
  communication?: Communication;
  /**
   * Environment variable for each connection field (wabc).
   */
  'x-env'?: {
    [k: string]: string;
  };
  'x-tests'?: {
    label: string;
    request: Request;
    /**
     * What a failure of this check means, by Meta error code (or "default").
     */
    reasons?: {
      [k: string]: string;
    };
  }[];
}
/**
 * This interface was referenced by `ConnectorDescriptors`'s JSON-Schema
 * via the `definition` "ErrorRule".
 */
export interface ErrorRule {
  type:
    | 'RuntimeError'
    | 'DataError'
    | 'RateLimitError'
    | 'ConnectionError'
    | 'InvalidConfigurationError'
    | 'InvalidAccessTokenError'
    | 'IncompleteDataError'
    | 'DuplicateDataError';
  retryable?: boolean;
  /**
   * Meta refused the request because of a rate limit: nothing was done, so retrying cannot duplicate it.
   */
  throttle?: boolean;
  /**
   * The code means Meta refused the request before acting on it (a registration, capability or maintenance precondition failed): nothing was sent, even when it comes with a server error (5xx), so a send is not reported as one that may have reached Meta.
   */
  refused?: boolean;
  /**
   * With throttle: what the pacer holds back after this answer — the one recipient of the sender ("pair"), the sender ("sender", the default) or every request of the app ("app").
   */
  holds?: 'pair' | 'sender' | 'app';
  hint?: string;
}
/**
 * This interface was referenced by `ConnectorDescriptors`'s JSON-Schema
 * via the `definition` "Manifest".
 */
export interface Manifest {
  $schema?: string;
  id: string;
  label: string;
  version: string;
  description?: string;
  formatVersion?: number;
  base: {
    baseUrl: string;
    headers: {
      [k: string]: string;
    };
    timeout?: number;
    log?: {
      sanitize?: string[];
    };
    response?: {
      error?: {
        message?: string;
        type?: string;
      };
      'x-errors'?: {
        [k: string]: ErrorRule;
      };
    };
    /**
     * Hosts (suffixes) that may receive the token for a download Meta pointed to.
     */
    'x-mediaHosts'?: string[];
  };
  connection: string;
  modules: string[];
  rpcs: string[];
  webhooks: string[];
  functions: string[];
}
/**
 * Make's webhook component: the handshake (verification), the answer (respond), and how a delivery becomes bundles (iterate, output). Extensions (x-…) carry what Make has no directive for, such as the signature.
 *
 * This interface was referenced by `ConnectorDescriptors`'s JSON-Schema
 * via the `definition` "Webhook".
 */
export interface Webhook {
  $schema?: string;
  label: string;
  description: string;
  webhookType?: 'web' | 'web-shared';
  connection?: string | null;
  parameters?: Fields;
  communication: {
    verification?: {
      condition: string | boolean;
      respond: {};
    };
    respond?: {};
    iterate?:
      | string
      | {
          container: string;
          condition?: string | boolean;
        };
    output?: ExpressionValue;
    condition?: string | boolean;
    uid?: string;
  };
  [k: string]: unknown;
}
