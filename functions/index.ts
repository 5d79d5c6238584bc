/**
 * The pure functions descriptor expressions may call (besides the expression language's built-ins).
 * No I/O here: each takes values and returns a value. The manifest lists which ones are exposed.
 */
import type { ExpressionFunction } from '../src/runtime/expressions/expressions.js';
import { formatPhone } from './format-phone.js';
import { templateFields } from './template-fields.js';
import { buildTemplate } from './build-template.js';
import { flatten, distinct } from './collections.js';
import { mediaProblem, fileTypeProblem, mediaFileName } from './media-checks.js';
import { pairsToObject, headerProblem } from './key-values.js';
import { relativeUrlProblem } from './relative-url.js';
import { isEmoji } from './emoji.js';

import { flattenDelivery, keepEvent } from './webhook-events.js';

export const functions: Record<string, ExpressionFunction> = {
  formatPhone,
  templateFields: templateFields,
  buildTemplate: buildTemplate as ExpressionFunction,
  flatten,
  distinct,
  mediaProblem,
  fileTypeProblem,
  mediaFileName,
  pairsToObject,
  headerProblem,
  relativeUrlProblem,
  isEmoji,
  flattenDelivery: flattenDelivery,
  keepEvent: keepEvent,
};
