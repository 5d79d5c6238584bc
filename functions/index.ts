/**
 * The pure functions descriptor templates may call (besides the template language's built-ins).
 * No I/O here: each takes values and returns a value. The manifest lists which ones are exposed.
 */
import type { TemplateFunction } from '../src/runtime/template/index.js';
import { formatPhone } from './format-phone.js';
import { templateFields } from './template-fields.js';
import { buildTemplate } from './build-template.js';
import { flatten, distinct } from './collections.js';
import { mediaProblem, fileTypeProblem, mediaFileName } from './media-checks.js';
import { pairsToObject, headerProblem } from './key-values.js';
import { relativeUrlProblem } from './relative-url.js';
import { isEmoji } from './emoji.js';

import { flattenDelivery, keepEvent } from './webhook-events.js';

export const functions: Record<string, TemplateFunction> = {
  formatPhone,
  templateFields: templateFields as TemplateFunction,
  buildTemplate: buildTemplate as TemplateFunction,
  flatten,
  distinct,
  mediaProblem,
  fileTypeProblem,
  mediaFileName,
  pairsToObject,
  headerProblem,
  relativeUrlProblem,
  isEmoji,
  flattenDelivery: flattenDelivery as TemplateFunction,
  keepEvent: keepEvent as TemplateFunction,
};
