/**
 * The pure functions descriptor expressions may call (besides the expression language's built-ins).
 * No I/O here: each takes values and returns a value. The manifest lists which ones are exposed.
 * Nothing in functions/ depends on src/: the runtime calls these, never the other way round.
 */
import { formatPhone } from './format-phone.js';
import { templateFields } from './template-fields.js';
import { buildTemplate } from './build-template.js';
import { flatten, distinct } from './collections.js';
import { mediaProblem, fileTypeProblem } from './media-checks.js';
import { mediaFileName } from './media-file-name.js';
import { pairsToObject, headerProblem } from './key-values.js';
import { relativeUrlProblem } from './relative-url.js';
import { isEmoji } from './emoji.js';
import { isBsuid, isGroupId, recipientOf } from './recipient-kinds.js';
import { templateProblems, withHeaderHandle } from './template-checks.js';
import { unixSeconds, jsonList } from './graph-values.js';

import { flattenDelivery, keepEvent } from './webhook-events.js';

/** What an expression may call: any values in, one value out. */
export type PureFunction = (...args: unknown[]) => unknown;

export const functions: Record<string, PureFunction> = {
  formatPhone,
  templateFields: templateFields,
  buildTemplate: buildTemplate as PureFunction,
  flatten,
  distinct,
  mediaProblem,
  fileTypeProblem,
  mediaFileName,
  pairsToObject,
  headerProblem,
  relativeUrlProblem,
  isEmoji,
  isBsuid,
  isGroupId,
  recipientOf,
  templateProblems,
  unixSeconds,
  jsonList,
  withHeaderHandle,
  flattenDelivery: flattenDelivery,
  keepEvent: keepEvent,
};
