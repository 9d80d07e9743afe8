#!/usr/bin/env node
// The `relata` CLI runs the TypeScript sources directly through tsx, so `npx relata` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('../src-main/cli/main.ts');
