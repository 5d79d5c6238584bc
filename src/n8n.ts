/// <reference types="node" preserve="true" />
/**
 * The n8n adapter that packages made by `wabc export n8n` load: parameters to module input, RPCs for
 * dropdowns and template variables, the webhook trigger, and errors as n8n shows them.
 */
export { connectionFromCredentials, moduleInput, runModule, rpcOptions, rpcFields, handleWebhook, errorInfo } from './export/n8n/runtime.js';
export type { ParameterSource, MappedField, WebhookRequest, WebhookOutcome, ErrorInfo } from './export/n8n/runtime.js';
