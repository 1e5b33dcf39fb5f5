#!/usr/bin/env node
// The one bin. The sources are TypeScript, run through tsx's loader so there is no build step.
import { register } from 'tsx/esm/api';

// `ledgerbench ... | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

register();
const { cli } = await import('./cli.ts');
process.exitCode = await cli(process.argv.slice(2));
