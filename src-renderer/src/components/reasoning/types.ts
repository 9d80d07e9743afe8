import type { CallOptions } from '../../../../src-main/contract/api';
import type { SessionStep } from '../../../../src-main/contract/types';

/** Step-able calls the reasoning tools run (a subset of the contract's SESSION_STEP_CALLS). */
export type ToolCall = 'qa.ask' | 'reason.relate' | 'reason.query' | 'findings.explain' | 'sparql.query';

/** Runs a call as a step of the open session (creating one when none is open) and returns the recorded step. */
export type RunStep = (call: ToolCall, input: Record<string, unknown>, options?: CallOptions & { title?: string }) => Promise<SessionStep>;
