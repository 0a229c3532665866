/** The dependency resolver. */
export * from './resolver.js';
export { scorePair, WEIGHTS, type PairScore } from './score.js';
export { splitName, meaningfulTokens } from './tokens.js';
