// Flattening and diffing of JSON states: defined with the trace tools, re-exported for the printers.
export { diffStates, flatten, type Change } from '../../checker/traces/stateDiff.ts';
