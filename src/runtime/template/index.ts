/**
 * The template language: `{{ … }}` expressions inside descriptor strings, a documented subset of Make's
 * IML (docs/templates.md). Parsed by a real parser and evaluated by a tree walk — never eval/Function.
 */
export { TemplateError } from './errors.js';
export { TEMPLATE_ROOTS, type RootName } from './ast.js';
export type { TemplateScope } from './evaluator.js';
export { BUILTIN_FUNCTION_NAMES, type TemplateFunction } from './functions.js';
export {
  compileTemplate,
  isTemplate,
  type CompiledTemplate,
  type EvaluateOptions,
  type FunctionCall,
} from './compile.js';
export { evaluate, isSpreadKey } from './walk.js';
export { validateTemplates, type ValidateOptions } from './validate.js';
export { isTruthy, isEmptyValue, toText } from './values.js';
