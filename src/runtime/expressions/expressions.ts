/**
 * The expression language: `{{ … }}` expressions inside descriptor strings, a documented subset of Make's
 * IML (docs/expressions.md). Parsed by a real parser and evaluated by a tree walk — never eval/Function.
 */
export { ExpressionError } from './errors.js';
export { EXPRESSION_ROOTS, type RootName } from './ast.js';
export type { ExpressionScope } from './evaluator.js';
export { BUILTIN_FUNCTION_NAMES, type ExpressionFunction } from './functions.js';
export { compileExpressionString, hasExpression, type CompiledExpressionString, type EvaluateOptions, type FunctionCall, type ScopePath } from './compile.js';
export { evaluate, evaluationKey, isSpreadKey } from './walk.js';
export { validateExpressions, type ValidateOptions } from './validate.js';
export { isTruthy, isEmptyValue, toText } from './values.js';
