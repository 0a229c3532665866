/**
 * sagewire's public API. Hand-picked: what a user composes a pipeline from.
 * The running half has its own entry points (`sagewire/inventory`, `sagewire/local`).
 */
export * from './errors.js';
export type { ScriptContract } from './spec/contract.js';
