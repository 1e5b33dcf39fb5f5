#!/usr/bin/env node
// The one bin. The sources are TypeScript, run through tsx's loader so there is no build step.
import { register } from 'tsx/esm/api';

register();
const { cli } = await import('./cli.ts');
process.exitCode = await cli(process.argv.slice(2));
