export * from './connector-error.js';
export * from './validation-error.js';
export * from './graph-error.js';
export * from './scrub-error.js';
